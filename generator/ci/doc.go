// Package ci checks the GitHub Actions workflows in .github/workflows:
// its test runs actionlint on them (with shellcheck on their run: scripts)
// and holds them to the project's rules: actions pinned to a version,
// permissions and concurrency declared. It has no code of its own.
package ci
