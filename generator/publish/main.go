// Command publish holds the Go side of the offline publishing checks,
// generator/publish/run, which drives the Netlify CLI and calls it:
//
//	go run ./generator/publish config PRODUCTION.json PREVIEW.json
//	go run ./generator/publish lambda ZIP RIE
//	go run ./generator/publish dev NETLIFY
//
// config reads what @netlify/config resolved (netlify-config --stable, for
// the production and the deploy-preview contexts) and checks every redirect
// and header rule against what the site needs: a zero exit code from
// netlify-config only says the file parsed. lambda opens the function's zip
// as Netlify packed it, serves public/ on 127.0.0.1, runs its bootstrap
// under the AWS Lambda Runtime Interface Emulator, which fetches the
// archive of the index from there, and sends it API Gateway events. dev
// starts `netlify dev` on the built site and requests pages, redirects and
// searches from it. Each prints what it checked and its figures, and
// exits 1 when a check fails, 2 when it could not run.
//
// All of them run from the repository root, after `netlify build`: lambda
// and dev read the built site in public/ and its search bundle; config
// builds the repository's content again in memory to know its aliases.
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	args := os.Args[2:]
	switch os.Args[1] {
	case "config":
		if len(args) != 2 {
			usage()
		}
		err = runConfig(args[0], args[1])
	case "lambda":
		if len(args) != 2 {
			usage()
		}
		err = runLambda(args[0], args[1])
	case "dev":
		if len(args) != 1 {
			usage()
		}
		err = runDev(args[0])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "publish:", err)
		if _, ok := err.(failed); ok {
			os.Exit(1)
		}
		os.Exit(2)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, `uso: go run ./generator/publish config PRODUZIONE.json ANTEPRIMA.json
     go run ./generator/publish lambda ZIP AWS-LAMBDA-RIE
     go run ./generator/publish dev NETLIFY`)
	os.Exit(2)
}

// failed reports checks that did not pass (exit code 1), as opposed to a
// check that could not run (exit code 2).
type failed []string

func (f failed) Error() string {
	s := fmt.Sprintf("%d controlli non superati:", len(f))
	for _, m := range f {
		s += "\n  - " + m
	}
	return s
}

// checks collects failed checks.
type checks struct{ failed failed }

func (c *checks) errorf(format string, args ...any) {
	c.failed = append(c.failed, fmt.Sprintf(format, args...))
}

// err is nil when every check passed.
func (c *checks) err() error {
	if len(c.failed) == 0 {
		return nil
	}
	return c.failed
}
