package main

import (
	"flag"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/pipeline"
)

// ciFlags are the options of build and check for GitHub Actions: a
// Markdown report for the job summary and annotations on the lines.
type ciFlags struct {
	summary     string // file the Markdown report is appended to
	links       string // address of the sources, "https://github.com/OWNER/REPO/blob/SHA"
	annotations bool   // print workflow commands on stdout
}

// addCIFlags declares the options on fs.
func addCIFlags(fs *flag.FlagSet) *ciFlags {
	c := &ciFlags{}
	fs.StringVar(&c.summary, "summary", "", "")
	fs.StringVar(&c.links, "summary-links", "", "")
	fs.BoolVar(&c.annotations, "annotations", false, "")
	return c
}

// write reports a build the ways the options ask; title names the run.
// It reports the same diagnostics as the terminal: every error and at
// most maxWarnings warnings of each code.
func (c *ciFlags) write(cmd string, cfg pipeline.Config, res *pipeline.Result, err error, maxWarnings int, stdout io.Writer) error {
	if c.summary == "" && !c.annotations {
		return nil
	}
	r := diag.Report{Title: "Controllo dei contenuti", FileURL: c.fileURL}
	if cmd == "build" {
		r.Title = "Costruzione del sito"
	}
	if res != nil {
		r.Diags, r.Hidden = diag.Limit(res.Diags.All(), maxWarnings)
		r.Errors, r.Warnings = res.Diags.Count()
		r.Omitted = res.Diags.Omitted()
	}
	if err != nil {
		if ds := diagnostics(err); len(ds) > 0 {
			r.Diags = append(r.Diags, ds...)
			r.Errors += len(ds)
		} else {
			r.Failure = "errore: " + err.Error()
		}
	} else if r.Errors == 0 {
		r.Note = summary(cmd, cfg, res)
	}
	if c.annotations {
		if err := diag.WriteAnnotations(stdout, r.Diags, r.Omitted...); err != nil {
			return err
		}
	}
	if c.summary == "" {
		return nil
	}
	// Appended: a job summary collects the reports of every step.
	f, ferr := os.OpenFile(c.summary, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if ferr != nil {
		return ferr
	}
	if werr := diag.WriteMarkdown(f, r); werr != nil {
		f.Close()
		return werr
	}
	return f.Close()
}

// fileURL is the address of file at line under --summary-links, "" without it.
func (c *ciFlags) fileURL(file string, line int) string {
	if c.links == "" {
		return ""
	}
	segs := strings.Split(file, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	u := strings.TrimSuffix(c.links, "/") + "/" + strings.Join(segs, "/")
	if line > 0 {
		u += "#L" + strconv.Itoa(line)
	}
	return u
}
