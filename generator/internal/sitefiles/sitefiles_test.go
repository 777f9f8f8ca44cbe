package sitefiles

import (
	"maps"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, c := range []struct {
		name, archive string
		want          map[string]string
		err           string
	}{
		{name: "comment, then two files", archive: "una nota\n-- a.md --\nuno\n-- b/c.md --\ndue\n\n",
			want: map[string]string{"a.md": "uno\n", "b/c.md": "due\n\n"}},
		{name: "the last line gets its newline", archive: "-- a.md --\nuno",
			want: map[string]string{"a.md": "uno\n"}},
		{name: "an empty file stays empty", archive: "-- a.md --\n-- b.md --\nx\n",
			want: map[string]string{"a.md": "", "b.md": "x\n"}},
		{name: "front matter dashes are text, not a marker", archive: "-- a.md --\n--- \n-- b.md --\n",
			want: map[string]string{"a.md": "--- \n", "b.md": ""}},
		{name: "no file", archive: "solo testo\n", want: map[string]string{}},
		{name: "a name twice", archive: "-- a.md --\n-- a.md --\n", err: "file already exists"},
		{name: "a name out of the project", archive: "-- ../a.md --\n", err: "invalid argument"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := Parse(c.archive)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("err %v, want %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			texts := map[string]string{}
			for n, d := range got {
				texts[n] = string(d)
			}
			if !maps.Equal(texts, c.want) {
				t.Errorf("got %q, want %q", texts, c.want)
			}
		})
	}
}

// TestFiles: the archive is laid over the project's files, whose own
// content is left out.
func TestFiles(t *testing.T) {
	files := Files(t, "-- content/pratiche/a.md --\nA\n-- layouts/page.html --\nmio\n")
	if string(files["layouts/page.html"].Data) != "mio\n" {
		t.Error("the archive's layout did not replace the project's")
	}
	if files["schema.yaml"] == nil || files["layouts/base.html"] == nil || files["static/css/main.css"] == nil {
		t.Error("the project's files are missing")
	}
	for name := range files {
		if strings.HasPrefix(name, "content/") && name != "content/pratiche/a.md" {
			t.Errorf("the project's content %s is there", name)
		}
	}
	if p := Project(t); p["content/pagine/contatti.md"] == nil {
		t.Error("Project has no content")
	}
}
