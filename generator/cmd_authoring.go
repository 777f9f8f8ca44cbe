package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"cantiericomuni.it/banca/generator/authoring"
	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/schema"
)

// The commands for authoring: new (a page to fill in), cms (the editing
// UI's configuration) and guida (the generated parts of the guide).

// runNew runs `new <section> "Title"`: it writes a new draft page with
// every field of the section, and refuses to overwrite one.
func runNew(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("new", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	root := fs.String("root", ".", "")
	contentDir := fs.String("content", "", "")
	// Flags may come before, between or after the section and the title.
	var words []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return exitOK
			}
			return exitUsage
		}
		if fs.NArg() == 0 {
			break
		}
		words = append(words, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(words) < 2 {
		fmt.Fprintf(stderr, "uso: go run ./generator new <sezione> \"Titolo della scheda\"\n")
		if sch, err := schema.Load(filepath.Join(*root, "schema.yaml")); err == nil {
			fmt.Fprintf(stderr, "le sezioni sono: %s\n", sectionKeys(sch))
		}
		return exitUsage
	}
	sch, err := schema.Load(filepath.Join(*root, "schema.yaml"))
	if err != nil {
		return printError(stderr, err)
	}
	if *contentDir == "" {
		*contentDir = filepath.Join(*root, "content")
	}
	section, title := words[0], strings.Join(words[1:], " ")
	pages := map[string][]string{}
	for _, t := range sch.Taxonomies {
		if t.Pages != "" {
			pages[t.Pages] = authoring.PageSlugs(*contentDir, t.Pages)
		}
	}
	rel, text, err := authoring.NewPage(sch, section, title, time.Now(), pages)
	if err != nil {
		fmt.Fprintf(stderr, "errore: %v\n", err)
		return exitUsage
	}
	if p, ok := authoring.Exists(*contentDir, rel); ok {
		fmt.Fprintf(stderr, "errore: la scheda %s esiste già: non la sovrascrivo. Aprila e modificala, oppure scegli un titolo diverso.\n", p)
		return exitUsage
	}
	file := filepath.Join(*contentDir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		fmt.Fprintf(stderr, "errore: %v\n", err)
		return exitUsage
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			fmt.Fprintf(stderr, "errore: la scheda %s esiste già: non la sovrascrivo.\n", file)
		} else {
			fmt.Fprintf(stderr, "errore: %v\n", err)
		}
		return exitUsage
	}
	if _, err := f.Write(text); err != nil {
		f.Close()
		fmt.Fprintf(stderr, "errore: %v\n", err)
		return exitUsage
	}
	if err := f.Close(); err != nil {
		fmt.Fprintf(stderr, "errore: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stdout, "Creata la scheda %s, in bozza (draft: true).\n", file)
	fmt.Fprintf(stdout, "Sostituisci ogni «%s» e scrivi il testo; quando la scheda è pronta scrivi «draft: false».\n", content.Placeholder)
	fmt.Fprintln(stdout, "Anteprima, bozze comprese: go run ./generator serve · Controllo: go run ./generator check")
	return exitOK
}

// runCMS runs `cms`: it writes the editing UI's configuration from the
// schema.
func runCMS(args []string, stdout, stderr io.Writer) int {
	root, code, ok := rootFlag("cms", args, stderr)
	if !ok {
		return code
	}
	sch, err := schema.Load(filepath.Join(root, "schema.yaml"))
	if err != nil {
		return printError(stderr, err)
	}
	data, err := authoring.CMSConfig(sch)
	if err != nil {
		fmt.Fprintf(stderr, "errore: %v\n", err)
		return exitUsage
	}
	return writeGenerated(filepath.Join(root, filepath.FromSlash(authoring.ConfigPath)), authoring.ConfigPath, data, stdout, stderr)
}

// runGuide runs `guida`: it rewrites the generated parts of the authoring
// guide (the fields, from the schema; the codes, from diag.Codes).
func runGuide(args []string, stdout, stderr io.Writer) int {
	root, code, ok := rootFlag("guida", args, stderr)
	if !ok {
		return code
	}
	sch, err := schema.Load(filepath.Join(root, "schema.yaml"))
	if err != nil {
		return printError(stderr, err)
	}
	path := filepath.Join(root, filepath.FromSlash(authoring.GuidePath))
	doc, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(stderr, "errore: %v\n", err)
		return exitUsage
	}
	data, err := authoring.UpdateGuide(doc, sch)
	if err != nil {
		fmt.Fprintf(stderr, "errore: %v\n", err)
		return exitUsage
	}
	return writeGenerated(path, authoring.GuidePath, data, stdout, stderr)
}

// rootFlag parses a command that takes only --root.
func rootFlag(cmd string, args []string, stderr io.Writer) (root string, code int, ok bool) {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	r := fs.String("root", ".", "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return "", exitOK, false
		}
		return "", exitUsage, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "argomento inatteso %q\n\n%s", fs.Arg(0), usage)
		return "", exitUsage, false
	}
	return *r, exitOK, true
}

// writeGenerated writes a generated file unless it already holds data.
func writeGenerated(path, name string, data []byte, stdout, stderr io.Writer) int {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		fmt.Fprintf(stdout, "%s è già aggiornato.\n", name)
		return exitOK
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		fmt.Fprintf(stderr, "errore: %v\n", err)
		return exitUsage
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		fmt.Fprintf(stderr, "errore: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stdout, "Scritto %s.\n", name)
	return exitOK
}

// cmsBundle lists the editing UI's files to publish at /admin/, from
// node_modules (npm ci) among the project's files; none when they are not
// installed, and the admin page then says so.
func cmsBundle(files fs.FS) map[string]string {
	extra, err := authoring.CMSBundle(files)
	if err != nil {
		return nil
	}
	return extra
}

func sectionKeys(sch *schema.Schema) string {
	keys := make([]string, len(sch.Sections))
	for i, s := range sch.Sections {
		keys[i] = s.Key
	}
	return strings.Join(keys, ", ")
}
