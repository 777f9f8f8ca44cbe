package ci

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/rhysd/actionlint"

	"cantiericomuni.it/banca/generator/internal/testproject"
)

// workflows are the files the README's Publishing workflow describes.
var workflows = []string{"checks.yml", "pull-request.yml", "publish.yml"}

// TestActionlint lints every workflow with actionlint, as a library: the
// syntax, the expressions and their types, the inputs of the popular
// actions, the cron schedule, the calls to the reusable workflow, and
// (when shellcheck is installed, as .ci/run makes sure) every run: script.
func TestActionlint(t *testing.T) {
	root := testproject.Root()
	shellcheck, err := exec.LookPath("shellcheck")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("shellcheck is missing: .ci/run installs Debian's shellcheck package")
		}
		t.Log("shellcheck is not installed: the run: scripts are not checked (apt-get install shellcheck)")
		shellcheck = ""
	}
	var out bytes.Buffer
	l, err := actionlint.NewLinter(&out, &actionlint.LinterOptions{
		Shellcheck: shellcheck,
		WorkingDir: root,
		Color:      actionlint.ColorOptionKindNever,
	})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, ".github", "workflows")
	var files []string
	for _, name := range workflows {
		files = append(files, filepath.Join(dir, name))
	}
	errs, err := l.LintFiles(files, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(errs) > 0 {
		t.Errorf("actionlint found %d problems:\n%s", len(errs), out.String())
	}
	// No workflow goes unchecked.
	all, _ := filepath.Glob(filepath.Join(dir, "*.y*ml"))
	if len(all) != len(workflows) {
		t.Errorf("%d workflow files, %d listed in this test: add the new ones to workflows", len(all), len(workflows))
	}
}

// pinned is an action reference with a version: a local workflow, or
// owner/repo[/path]@ref.
var pinned = regexp.MustCompile(`^(\./.+|[\w.-]+/[\w./-]+@[\w.-]+)$`)

// TestWorkflowRules holds every workflow to the project's rules: least
// privilege (permissions declared for the workflow and for each job),
// actions pinned to a version, a concurrency group for the workflows that
// start on their own, a time limit on every job.
func TestWorkflowRules(t *testing.T) {
	dir := filepath.Join(testproject.Root(), ".github", "workflows")
	for _, name := range workflows {
		src, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		w, errs := actionlint.Parse(src)
		if len(errs) > 0 {
			t.Errorf("%s: %v", name, errs[0])
			continue
		}
		if w.Permissions == nil {
			t.Errorf("%s: no top-level permissions", name)
		}
		callable := len(w.On) == 1 && w.On[0].EventName() == "workflow_call"
		if !callable && w.Concurrency == nil {
			t.Errorf("%s: no concurrency group", name)
		}
		for id, job := range w.Jobs {
			if job.Permissions == nil {
				t.Errorf("%s: job %s declares no permissions", name, id)
			}
			if job.WorkflowCall != nil {
				if !pinned.MatchString(job.WorkflowCall.Uses.Value) {
					t.Errorf("%s: job %s calls %s, not pinned", name, id, job.WorkflowCall.Uses.Value)
				}
				continue
			}
			if job.TimeoutMinutes == nil {
				t.Errorf("%s: job %s has no timeout-minutes", name, id)
			}
			for _, step := range job.Steps {
				if a, ok := step.Exec.(*actionlint.ExecAction); ok && !pinned.MatchString(a.Uses.Value) {
					t.Errorf("%s: job %s uses %s, not pinned to a version", name, id, a.Uses.Value)
				}
			}
		}
	}
}
