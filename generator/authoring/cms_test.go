package authoring

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"cantiericomuni.it/banca/generator/internal/golden"
	"cantiericomuni.it/banca/generator/internal/htmltest"
	"cantiericomuni.it/banca/generator/schema"
)

// root is the project folder, two levels up from this package.
var root = filepath.Join("..", "..")

func loadSchema(t *testing.T) *schema.Schema {
	t.Helper()
	s, err := schema.Load(filepath.Join(root, "schema.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestConfigUpToDate fails when static/admin/config.yml is not what
// schema.yaml generates: run `go run ./generator cms` (or this test with
// -update) and commit the result.
func TestConfigUpToDate(t *testing.T) {
	got, err := CMSConfig(loadSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join(root, filepath.FromSlash(ConfigPath)), got)
}

// TestConfigWidgets reads the generated configuration back as YAML and
// checks that every field of the schema is in every collection, with the
// widget of its type and its label, help and required flag.
func TestConfigWidgets(t *testing.T) {
	s := loadSchema(t)
	data, err := CMSConfig(s)
	if err != nil {
		t.Fatal(err)
	}
	type field struct {
		Name, Label, Widget, Hint string
		Required                  *bool
		Options                   []string
		Multiple                  bool
		Collection                string
		ValueField                string `yaml:"value_field"`
		DateFormat                any    `yaml:"date_format"`
		TimeFormat                any    `yaml:"time_format"`
		Pattern                   []string
		Field                     *field
		SearchFields              []string `yaml:"search_fields"`
		DisplayFields             []string `yaml:"display_fields"`
		Default                   any
		Collapsed                 *bool
		Fields                    []field
	}
	var cfg struct {
		Locale       string
		PublishMode  string `yaml:"publish_mode"`
		LocalBackend bool   `yaml:"local_backend"`
		MediaFolder  string `yaml:"media_folder"`
		PublicFolder string `yaml:"public_folder"`
		Backend      struct{ Name, Repo, Branch, BaseURL string }
		Logo         struct {
			Src          string
			ShowInHeader bool `yaml:"show_in_header"`
		}
		Collections []struct {
			Name, Label, Folder, Format string
			Create                      bool
			Fields                      []field
			Files                       []struct {
				File   string
				Fields []field
			}
		}
	}
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		t.Fatalf("config.yml is not valid YAML: %v", err)
	}
	if cfg.Locale != "it" || cfg.PublishMode != "editorial_workflow" || !cfg.LocalBackend ||
		cfg.Backend.Name != "github" || cfg.Backend.Repo != s.Site.Repository || cfg.Backend.Branch == "" {
		t.Errorf("settings: %+v", cfg)
	}
	if cfg.MediaFolder != MediaFolder || cfg.PublicFolder != PublicFolder {
		t.Errorf("media: %s %s", cfg.MediaFolder, cfg.PublicFolder)
	}
	// The logo is a file of static/, published at its path.
	if _, err := os.Stat(filepath.Join(root, "static", filepath.FromSlash(cfg.Logo.Src))); err != nil || !cfg.Logo.ShowInHeader {
		t.Errorf("logo %+v: %v", cfg.Logo, err)
	}
	// A collection per section, then the search's synonyms.
	if len(cfg.Collections) != len(s.Sections)+1 {
		t.Fatalf("%d collections for %d sections and the synonyms", len(cfg.Collections), len(s.Sections))
	}
	if c := cfg.Collections[len(s.Sections)]; c.Name != SynonymsCollection || len(c.Files) != 1 ||
		c.Files[0].File != "content/sinonimi.yaml" || len(c.Files[0].Fields) != 1 || c.Files[0].Fields[0].Name != "gruppi" {
		t.Errorf("synonyms collection: %+v", c)
	}
	for i, sec := range s.Sections {
		c := cfg.Collections[i]
		if c.Name != sec.Key || c.Label != sec.Label || c.Folder != "content/"+sec.Key || !c.Create || c.Format != "frontmatter" {
			t.Errorf("collection %d: %+v", i, c)
		}
		// The advanced fields are folded into one closed group, last; the
		// body comes just before it.
		fields := c.Fields
		var advanced []string
		if g := fields[len(fields)-1]; g.Name == AdvancedGroup {
			fields = fields[:len(fields)-1]
			if g.Widget != AdvancedWidget || g.Collapsed == nil || !*g.Collapsed || g.Hint == "" {
				t.Errorf("%s: the group %+v", sec.Key, g)
			}
			for _, f := range g.Fields {
				advanced = append(advanced, f.Name)
			}
			fields = append(fields, g.Fields...)
		}
		var want []string
		for _, f := range FormOrder(s, sec).Advanced {
			want = append(want, f.Key)
		}
		if !slices.Equal(advanced, want) {
			t.Errorf("%s: advanced %v, want %v", sec.Key, advanced, want)
		}
		byName := map[string]field{}
		for _, f := range fields {
			if _, dup := byName[f.Name]; dup {
				t.Errorf("%s: field %s twice", sec.Key, f.Name)
			}
			if f.Required == nil {
				t.Errorf("%s.%s: required must be explicit (Decap's default is true)", sec.Key, f.Name)
			}
			byName[f.Name] = f
		}
		if n := len(s.Common) + len(s.Taxonomies) + len(sec.Fields) + 1; len(fields) != n { // + body
			t.Errorf("%s: %d fields, want %d", sec.Key, len(fields), n)
		}
		if d := byName["draft"]; d.Default != true {
			t.Errorf("%s: a new entry must start as a draft, default %v", sec.Key, d.Default)
		}
		for _, sf := range append(append([]*schema.Field(nil), s.Common...), sec.Fields...) {
			f, ok := byName[sf.Key]
			if !ok {
				t.Errorf("%s: field %s missing", sec.Key, sf.Key)
				continue
			}
			if f.Label != sf.Label || f.Required == nil || *f.Required != sf.Required || f.Hint == "" {
				t.Errorf("%s.%s: label %q required %v hint %q", sec.Key, sf.Key, f.Label, f.Required, f.Hint)
			}
			checkWidget(t, sec.Key, sf, f.Widget, f.Options, f.Multiple, f.DateFormat, f.TimeFormat, f.Pattern, f.Field != nil)
		}
		for _, tx := range s.Taxonomies {
			f, ok := byName[tx.Key]
			switch {
			case !ok:
				t.Errorf("%s: taxonomy %s missing", sec.Key, tx.Key)
			case tx.Pages != "":
				if f.Widget != "relation" || f.Collection != tx.Pages || f.ValueField != "{{slug}}" || !f.Multiple ||
					len(f.SearchFields) == 0 || len(f.DisplayFields) == 0 {
					t.Errorf("%s.%s: %+v", sec.Key, tx.Key, f)
				}
			case len(tx.Values) > 0:
				if f.Widget != "select" || !f.Multiple || !slices.Equal(f.Options, tx.Values) {
					t.Errorf("%s.%s: %+v", sec.Key, tx.Key, f)
				}
			default:
				if f.Widget != "list" || f.Field == nil || f.Field.Widget != "string" {
					t.Errorf("%s.%s: %+v", sec.Key, tx.Key, f)
				}
			}
		}
		if b := c.Fields[len(c.Fields)-1-min(len(advanced), 1)]; b.Name != "body" || b.Widget != "markdown" {
			t.Errorf("%s: the body is not last but for the advanced group: %+v", sec.Key, b)
		}
	}
}

func checkWidget(t *testing.T, sec string, sf *schema.Field, widget string, options []string, multiple bool,
	dateFormat, timeFormat any, pattern []string, hasItem bool) {
	t.Helper()
	if len(sf.Values) > 0 {
		if widget != "select" || !slices.Equal(options, sf.Values) || multiple != (sf.Type == schema.TypeList) {
			t.Errorf("%s.%s: pick-list as %s %v multiple=%v", sec, sf.Key, widget, options, multiple)
		}
		return
	}
	want := map[string]string{
		schema.TypeString: "string", schema.TypeText: "text", schema.TypeURL: "string",
		schema.TypeDate: "datetime", schema.TypeDateTime: "datetime", schema.TypeBool: "boolean",
		schema.TypeInt: "number", schema.TypeList: "list",
		schema.TypeEmail: "string", schema.TypePhone: "string", schema.TypeContacts: "text",
		schema.TypeRecords: "list",
	}[sf.Type]
	// A reference to the pages of one section, which must name one, picks
	// it among them; any other is written as text (one, or a list).
	if sf.Type == schema.TypeReference {
		switch {
		case len(sf.Sections) == 1 && sf.IsStrict():
			want = "relation"
		case sf.Multiple:
			want = "list"
		default:
			want = "string"
		}
	}
	if widget != want {
		t.Errorf("%s.%s (%s): widget %s, want %s", sec, sf.Key, sf.Type, widget, want)
	}
	switch sf.Type {
	case schema.TypeDate:
		if dateFormat != "YYYY-MM-DD" || timeFormat != false {
			t.Errorf("%s.%s: date_format %v time_format %v", sec, sf.Key, dateFormat, timeFormat)
		}
	case schema.TypeDateTime:
		if dateFormat != "YYYY-MM-DD" || timeFormat != "HH:mm" {
			t.Errorf("%s.%s: date_format %v time_format %v", sec, sf.Key, dateFormat, timeFormat)
		}
	case schema.TypeURL, schema.TypeEmail, schema.TypePhone:
		if len(pattern) != 2 {
			t.Errorf("%s.%s: pattern %v", sec, sf.Key, pattern)
		}
	case schema.TypeList:
		if !hasItem {
			t.Errorf("%s.%s: a list needs its item field", sec, sf.Key)
		}
	}
}

// TestDatesTheUIWritesAreAccepted: the formats the date widgets store
// are read by the generator as the same day and wall-clock time in Rome.
func TestDatesTheUIWritesAreAccepted(t *testing.T) {
	s := loadSchema(t)
	for text, want := range map[string]string{
		"2026-12-15":       "2026-12-15 00:00 false", // date_format YYYY-MM-DD
		"2026-12-15T12:00": "2026-12-15 12:00 true",  // + time_format HH:mm
	} {
		d, msg := schema.ParseDate(text, s.Site.Location)
		if msg != "" {
			t.Errorf("%s: %s", text, msg)
			continue
		}
		if got := d.Format("2006-01-02 15:04") + " " + map[bool]string{true: "true", false: "false"}[d.HasTime]; got != want {
			t.Errorf("%s: %s, want %s", text, got, want)
		}
		if d.Location().String() != "Europe/Rome" {
			t.Errorf("%s: zone %s", text, d.Location())
		}
	}
}

func TestCMSBundle(t *testing.T) {
	dir := t.TempDir()
	if files, err := CMSBundle(os.DirFS(dir)); err != nil || files != nil {
		t.Fatalf("without node_modules: %v %v", files, err)
	}
	dist := filepath.Join(dir, filepath.FromSlash(BundleDir))
	os.MkdirAll(dist, 0o755)
	for _, name := range []string{"decap-cms.js", "decap-cms.js.map", "decap-cms.js.LICENSE.txt", "103.decap-cms.js",
		"103.decap-cms.js.map", "cms.js", "103.cms.js", "cms.css", "f728dc876b39e5273411.wasm"} {
		os.WriteFile(filepath.Join(dist, name), []byte("x"), 0o644)
	}
	files, err := CMSBundle(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for k := range files {
		got = append(got, k)
	}
	slices.Sort(got)
	want := []string{"admin/103.decap-cms.js", "admin/decap-cms.js", "admin/decap-cms.js.LICENSE.txt", "admin/f728dc876b39e5273411.wasm"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if files["admin/decap-cms.js"] != "node_modules/decap-cms/dist/decap-cms.js" {
		t.Errorf("source %s", files["admin/decap-cms.js"])
	}
}

// TestAdminPage: the page of the editing UI loads the script the build
// copies beside it (never from another host), and asks not to be indexed.
func TestAdminPage(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(root, "static", "admin", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(data)
	for _, want := range []string{htmltest.EditorScript, `<meta name="robots" content="noindex, nofollow">`,
		`<html lang="it">`, `<main class="avviso-admin">`} {
		if !strings.Contains(page, want) {
			t.Errorf("index.html lacks %s", want)
		}
	}
	if !strings.Contains(htmltest.EditorScript, `src="`+BundleScript+`"`) {
		t.Errorf("the page loads %s, the build copies %s", htmltest.EditorScript, BundleScript)
	}
	if n := strings.Count(page, "<script"); n != 2 || strings.Contains(page, "://") {
		t.Errorf("%d scripts, or a link to another host", n)
	}
	// The message hides once the UI mounts its root element.
	css, err := os.ReadFile(filepath.Join(root, "static", "admin", "admin.css"))
	if err != nil || !strings.Contains(string(css), "body:has(#nc-root) .avviso-admin") {
		t.Errorf("admin.css: %v", err)
	}
}

// TestPanelScriptAgrees: static/admin/anteprima.js finds every collection
// in the generated config.yml (it registers the preview for each, reading
// the file with a regular expression), and knows the advanced group by
// the name the configuration gives it.
func TestPanelScriptAgrees(t *testing.T) {
	s := loadSchema(t)
	cfg, err := CMSConfig(s)
	if err != nil {
		t.Fatal(err)
	}
	js, err := os.ReadFile(filepath.Join(root, "static", "admin", "anteprima.js"))
	if err != nil {
		t.Fatal(err)
	}
	lit := regexp.MustCompile(`var re = /(.+)/gm;`).FindSubmatch(js)
	if lit == nil {
		t.Fatal("anteprima.js: the regular expression of the collections is not where expected")
	}
	re := regexp.MustCompile("(?m)" + string(lit[1]))
	var got []string
	for _, m := range re.FindAllSubmatch(cfg, -1) {
		got = append(got, string(m[1]))
	}
	var want []string
	for _, sec := range s.Sections {
		want = append(want, sec.Key)
	}
	// The synonyms' collection too, which shows no preview.
	want = append(want, SynonymsCollection)
	if !slices.Equal(got, want) {
		t.Errorf("anteprima.js finds the collections %v, config.yml has %v", got, want)
	}
	if !strings.Contains(string(js), `var GROUP = "`+AdvancedGroup+`";`) || AdvancedWidget != AdvancedGroup {
		t.Errorf("anteprima.js does not name the group %q (the widget it registers is named as the group)", AdvancedGroup)
	}
}
