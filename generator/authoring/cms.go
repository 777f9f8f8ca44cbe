// Package authoring derives from the schema and the diagnostics table what
// net weavers write with: the configuration of the editing UI (Decap CMS
// at /admin/), the skeleton of a new page (`generator new`) and the
// generated parts of the authoring guide (docs/guida-autori.md). Nothing
// here is written by hand, so nothing drifts from schema.yaml or from
// diag.Codes; the tests compare the committed files with what this
// package generates, byte for byte.
package authoring

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"

	"gopkg.in/yaml.v3"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/schema"
)

// ConfigPath is where the editing UI's configuration is committed,
// relative to the project root; the build copies static/ into the site,
// so the UI reads it at /admin/config.yml, beside /admin/index.html.
const ConfigPath = "static/admin/config.yml"

// Media uploaded through the editing UI go to MediaFolder and are linked
// as PublicFolder/<name>: static/ files are published as they are, and the
// build's link check accepts a link to any of them.
const (
	MediaFolder  = "static/img"
	PublicFolder = "/img"
)

// Dates in the files the editing UI writes, as Day.js formats. A date is
// YYYY-MM-DD; a date-time has no zone, so that the wall-clock time typed
// in the UI is the time in the site's zone (Europe/Rome), which is how the
// generator reads a time without a zone (schema.ParseDate).
const (
	cmsDateFormat = "YYYY-MM-DD"
	cmsTimeFormat = "HH:mm"
)

// The Decap CMS configuration, in the order the file lists it. Only the
// options used are declared; see https://decapcms.org/docs/configuration-options/.
type cmsConfig struct {
	Locale       string     `yaml:"locale"`
	Backend      cmsBackend `yaml:"backend"`
	LocalBackend bool       `yaml:"local_backend"`
	PublishMode  string     `yaml:"publish_mode"`
	SiteURL      string     `yaml:"site_url"`
	DisplayURL   string     `yaml:"display_url"`
	Logo         cmsLogo    `yaml:"logo"`
	MediaFolder  string     `yaml:"media_folder"`
	PublicFolder string     `yaml:"public_folder"`
	Slug         cmsSlug    `yaml:"slug"`
	Collections  []any      `yaml:"collections"`
}

type cmsBackend struct {
	Name           string            `yaml:"name"`
	Repo           string            `yaml:"repo"`
	Branch         string            `yaml:"branch"`
	BaseURL        string            `yaml:"base_url"`
	AuthEndpoint   string            `yaml:"auth_endpoint"`
	SiteDomain     string            `yaml:"site_domain"`
	SquashMerges   bool              `yaml:"squash_merges"`
	CommitMessages map[string]string `yaml:"commit_messages"`
}

// cmsLogo is the image on the login page and, with ShowInHeader, in the
// UI's header.
type cmsLogo struct {
	Src          string `yaml:"src"`
	ShowInHeader bool   `yaml:"show_in_header"`
}

type cmsSlug struct {
	Encoding     string `yaml:"encoding"`
	CleanAccents bool   `yaml:"clean_accents"`
}

type cmsCollection struct {
	Name           string         `yaml:"name"`
	Label          string         `yaml:"label"`
	LabelSingular  string         `yaml:"label_singular"`
	Description    string         `yaml:"description,omitempty"`
	Folder         string         `yaml:"folder"`
	Create         bool           `yaml:"create"`
	Extension      string         `yaml:"extension"`
	Format         string         `yaml:"format"`
	Slug           string         `yaml:"slug"`
	PreviewPath    string         `yaml:"preview_path"`
	SortableFields []any          `yaml:"sortable_fields"`
	ViewFilters    []cmsViewEntry `yaml:"view_filters,omitempty"`
	ViewGroups     []cmsViewEntry `yaml:"view_groups,omitempty"`
	Fields         []*cmsField    `yaml:"fields"`
}

type cmsSort struct {
	Field       string `yaml:"field"`
	DefaultSort string `yaml:"default_sort,omitempty"`
}

type cmsViewEntry struct {
	Label   string `yaml:"label"`
	Field   string `yaml:"field"`
	Pattern any    `yaml:"pattern,omitempty"`
}

type cmsField struct {
	Name     string `yaml:"name"`
	Label    string `yaml:"label"`
	Widget   string `yaml:"widget"`
	Required bool   `yaml:"required"`
	Hint     string `yaml:"hint,omitempty"`
	Default  any    `yaml:"default,omitempty"`
	// select
	Options  []string `yaml:"options,omitempty"`
	Multiple bool     `yaml:"multiple,omitempty"`
	// relation
	Collection    string   `yaml:"collection,omitempty"`
	ValueField    string   `yaml:"value_field,omitempty"`
	SearchFields  []string `yaml:"search_fields,omitempty,flow"`
	DisplayFields []string `yaml:"display_fields,omitempty,flow"`
	// datetime: false is meaningful (no time picker), hence any.
	DateFormat any `yaml:"date_format,omitempty"`
	TimeFormat any `yaml:"time_format,omitempty"`
	// number
	ValueType string `yaml:"value_type,omitempty"`
	// string (url)
	Pattern []string `yaml:"pattern,omitempty,flow"`
	// list of strings: one string widget per item
	Field     *cmsField `yaml:"field,omitempty"`
	Collapsed *bool     `yaml:"collapsed,omitempty"`
	// markdown
	Modes []string `yaml:"modes,omitempty,flow"`
	// the group of advanced fields, and the fields of each item of a
	// list of records (with the Summary of a folded item)
	Fields  []*cmsField `yaml:"fields,omitempty"`
	Summary string      `yaml:"summary,omitempty"`
}

// The body of every page, after the front matter: not in the schema, the
// same for every section.
var bodyField = cmsField{
	Name: "body", Label: "Testo", Widget: "markdown", Required: false,
	Hint: "Il testo della scheda. Si scrive come una mail, con pochi segni: `**grassetto**`, `*corsivo*`, " +
		"un trattino all'inizio della riga per un elenco, `[parole da cliccare](/pratiche/orti-condivisi/)` " +
		"per collegare un'altra scheda. Ogni immagine ha bisogno di una breve descrizione. " +
		"L'anteprima accanto mostra la scheda come sarà sul sito, con gli eventuali errori da correggere.",
	// Markdown only: the rich-text editor opens by default when offered,
	// and rewrites on saving what it does not model (footnotes become
	// escaped text); the preview beside the form shows the result.
	Modes: []string{"raw"},
}

// logoPath is the site path of the logo the editing UI shows on its login
// page and in its header: the site's own (schema.yaml, site: logo).
func logoPath(s *schema.Schema) string {
	if s.Site.Logo != nil {
		return s.Site.Logo.Src
	}
	return ""
}

// AdvancedGroup is the name of the group that folds away the fields most
// pages never set (schema: advanced: true), and AdvancedWidget the widget
// that shows it: static/admin/anteprima.js registers it. The group shows
// the fields' values from the top level of the front matter and writes
// them back there when the entry is saved, so files keep the shape of the
// content model.
const (
	AdvancedGroup  = "avanzate"
	AdvancedWidget = "avanzate"
)

// commitMessages are the Italian messages of the commits and pull requests
// the editing UI opens; {{collection}} is the collection's singular label.
var commitMessages = map[string]string{
	"create":        "Nuova scheda {{collection}}: «{{slug}}»",
	"update":        "Modifica della scheda {{collection}}: «{{slug}}»",
	"delete":        "Eliminazione della scheda {{collection}}: «{{slug}}»",
	"uploadMedia":   "Caricamento del file «{{path}}»",
	"deleteMedia":   "Eliminazione del file «{{path}}»",
	"openAuthoring": "{{message}}",
}

// configHeader opens the generated file.
const configHeader = `# Configuration of the editing UI (Decap CMS) at /admin/.
# GENERATED from schema.yaml by ` + "`go run ./generator cms`" + `: do not edit it by hand,
# edit schema.yaml and run the command again (a test fails when they differ).
#
# backend: GitHub, logging in through Netlify's OAuth provider (base_url):
# install a GitHub OAuth app as the site's authentication provider on
# Netlify. Every change becomes a pull request (publish_mode); merging it
# publishes. local_backend: on 127.0.0.1, with ` + "`npx decap-server`" + ` running in
# the repository, the UI edits the local files instead (see README).
`

// CMSConfig returns the editing UI's configuration (config.yml) for the
// schema: a folder collection per section, each field of the schema with
// the widget of its type, the Italian labels and help texts.
func CMSConfig(s *schema.Schema) ([]byte, error) {
	if s.Site.Repository == "" {
		return nil, fmt.Errorf("schema.yaml: manca site.repository (il repository GitHub, proprietario/nome)")
	}
	u, err := url.Parse(s.Site.BaseURL)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("schema.yaml: site.base_url %q non è un indirizzo completo", s.Site.BaseURL)
	}
	branch := s.Site.Branch
	if branch == "" {
		branch = "main"
	}
	cfg := cmsConfig{
		Locale: s.Site.Language,
		Backend: cmsBackend{
			Name: "github", Repo: s.Site.Repository, Branch: branch,
			BaseURL: "https://api.netlify.com", AuthEndpoint: "auth",
			// The Netlify site the OAuth provider belongs to, the same
			// from the site, a deploy preview or a local copy.
			SiteDomain:     u.Host,
			SquashMerges:   true,
			CommitMessages: commitMessages,
		},
		LocalBackend: true,
		PublishMode:  "editorial_workflow",
		SiteURL:      strings.TrimSuffix(s.Site.BaseURL, "/"),
		DisplayURL:   strings.TrimSuffix(s.Site.BaseURL, "/"),
		Logo:         cmsLogo{Src: logoPath(s), ShowInHeader: true},
		MediaFolder:  MediaFolder,
		PublicFolder: PublicFolder,
		// Lower-case ASCII file names, accents folded: what the generator
		// makes of a file name (generator/slug) is then the name itself.
		Slug: cmsSlug{Encoding: "ascii", CleanAccents: true},
	}
	for _, sec := range s.Sections {
		cfg.Collections = append(cfg.Collections, collection(s, sec))
	}
	cfg.Collections = append(cfg.Collections, synonymsCollection())
	var b bytes.Buffer
	b.WriteString(configHeader)
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(cfg); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// collection is the folder collection of a section. Fields come in the
// order of FormOrder, then the body, then the advanced fields folded into
// one closed group.
func collection(s *schema.Schema, sec *schema.Section) cmsCollection {
	c := cmsCollection{
		Name: sec.Key, Label: sec.Label, LabelSingular: sec.Singular, Description: sec.Description,
		Folder: "content/" + sec.Key, Create: true, Extension: "md",
		// Reads YAML (---) and TOML (+++) front matter; writes YAML.
		Format:      "frontmatter",
		Slug:        "{{slug}}",
		PreviewPath: strings.TrimPrefix(sec.PageURL("{{slug}}"), "/"),
	}
	fields := append(append([]*schema.Field(nil), s.Common...), sec.Fields...)
	c.SortableFields = append(c.SortableFields, "title")
	for _, f := range fields {
		if (f.Type != schema.TypeDate && f.Type != schema.TypeDateTime) || f.Advanced {
			continue
		}
		if f.Key == "date" {
			c.SortableFields = append(c.SortableFields, cmsSort{Field: f.Key, DefaultSort: "desc"})
		} else {
			c.SortableFields = append(c.SortableFields, f.Key)
		}
	}
	for _, f := range s.Common {
		if f.Key == "draft" && f.Type == schema.TypeBool {
			c.ViewFilters = append(c.ViewFilters, cmsViewEntry{Label: "Bozze", Field: f.Key, Pattern: true})
		}
	}
	for _, f := range sec.Fields {
		if f.Facet && len(f.Values) > 0 {
			c.ViewGroups = append(c.ViewGroups, cmsViewEntry{Label: f.Label, Field: f.Key})
		}
	}
	order := FormOrder(s, sec)
	for _, f := range order.Fields {
		if f.Taxonomy != nil {
			c.Fields = append(c.Fields, taxonomyField(f.Taxonomy))
		} else {
			c.Fields = append(c.Fields, field(f.Field))
		}
	}
	body := bodyField
	c.Fields = append(c.Fields, &body)
	if len(order.Advanced) > 0 {
		c.Fields = append(c.Fields, advancedGroup(order.Advanced))
	}
	return c
}

// advancedGroup folds the advanced fields into one closed group, last.
func advancedGroup(fields []*schema.Field) *cmsField {
	collapsed := true
	g := &cmsField{Name: AdvancedGroup, Label: "Opzioni avanzate", Widget: AdvancedWidget, Required: false,
		Collapsed: &collapsed}
	var labels []string
	for _, f := range fields {
		g.Fields = append(g.Fields, field(f))
		labels = append(labels, strings.ToLower(f.Label))
	}
	g.Hint = "Di solito non servono: " + joinItalian(labels) + "."
	return g
}

// joinItalian joins words as a list in Italian: "a, b e c".
func joinItalian(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " e " + words[len(words)-1]
}

// field maps a schema field to its widget.
func field(f *schema.Field) *cmsField {
	c := &cmsField{Name: f.Key, Label: f.Label, Required: f.Required, Hint: f.Help}
	switch f.Type {
	case schema.TypeText, schema.TypeContacts:
		c.Widget = "text"
	case schema.TypeURL:
		c.Widget = "string"
		c.Pattern = []string{`^https?://[^\s"<>]+$`, "un indirizzo completo che inizia con https://"}
	case schema.TypeEmail:
		// A first check while typing; the generator's is exact (B116).
		c.Widget = "string"
		c.Pattern = []string{`^\s*[^\s@]+@[^\s@]+\.[^\s@.]{2,}\s*$`, "un indirizzo e-mail, come nome@dominio.it"}
	case schema.TypePhone:
		// A first check while typing; the generator's is exact (B117).
		c.Widget = "string"
		c.Pattern = []string{`^\s*\+?[0-9][0-9 ./()-]{2,}\s*$`, "un numero di telefono, come 051 6219201 o 338 123 4567"}
	case schema.TypeDate:
		c.Widget = "datetime"
		c.DateFormat, c.TimeFormat = cmsDateFormat, false
		if f.Required {
			c.Default = "{{now}}"
		}
	case schema.TypeDateTime:
		c.Widget = "datetime"
		c.DateFormat, c.TimeFormat = cmsDateFormat, cmsTimeFormat
		c.Hint = strings.TrimSpace(c.Hint + " Se l'ora non conta, scegli 23:59.")
	case schema.TypeBool:
		c.Widget = "boolean"
		if f.Key == "draft" {
			// A new page starts as a draft, as with `generator new`.
			c.Default = true
		}
	case schema.TypeInt:
		c.Widget = "number"
		c.ValueType = "int"
	case schema.TypeList:
		listOf(c)
	case schema.TypeReference:
		referenceWidget(c, f)
	case schema.TypeRecords:
		recordsWidget(c, f)
	default: // string
		c.Widget = "string"
	}
	if len(f.Values) > 0 {
		c.Widget, c.Options = "select", f.Values
		c.Multiple = f.Type == schema.TypeList
		c.Field, c.Collapsed = nil, nil
	}
	return c
}

// taxonomyField is a pick-list (select, several values), the pages of a
// section (relation, several), or free values (a list of strings).
func taxonomyField(t *schema.Taxonomy) *cmsField {
	c := &cmsField{Name: t.Key, Label: t.Label, Required: false, Hint: t.Help}
	switch {
	case t.Pages != "":
		// The value is the slug of the page, that is its file name.
		c.Widget, c.Multiple = "relation", true
		c.Collection, c.ValueField = t.Pages, "{{slug}}"
		c.SearchFields, c.DisplayFields = []string{"title"}, []string{"title"}
	case len(t.Values) > 0:
		c.Widget, c.Options, c.Multiple = "select", t.Values, true
	default:
		listOf(c)
	}
	return c
}

// listOf makes c a list of strings, one text box per item.
func listOf(c *cmsField) {
	expanded := false
	c.Widget, c.Collapsed = "list", &expanded
	c.Field = &cmsField{Name: "voce", Label: c.Label, Widget: "string", Required: true}
}

// SynonymsCollection is the collection of the search's synonyms: one file,
// content/sinonimi.yaml, a list of groups (see search.LoadSynonyms).
const SynonymsCollection = "sinonimi"

// cmsFileCollection is a collection of named files.
type cmsFileCollection struct {
	Name        string    `yaml:"name"`
	Label       string    `yaml:"label"`
	Description string    `yaml:"description"`
	Editor      cmsEditor `yaml:"editor"`
	Files       []cmsFile `yaml:"files"`
}

type cmsEditor struct {
	Preview bool `yaml:"preview"`
}

type cmsFile struct {
	Name   string      `yaml:"name"`
	Label  string      `yaml:"label"`
	File   string      `yaml:"file"`
	Fields []*cmsField `yaml:"fields"`
}

// synonymsCollection lets net weavers edit the search's synonyms: one
// text box per group, without a preview (the file is not a page).
func synonymsCollection() cmsFileCollection {
	expanded := false
	return cmsFileCollection{
		Name: SynonymsCollection, Label: "Sinonimi della ricerca",
		Description: "Le parole del settore che i lettori cercano con parole diverse da quelle delle schede: " +
			"chi cerca una parola di un gruppo trova anche le schede che usano le altre, dopo quelle che hanno proprio le parole cercate.",
		Editor: cmsEditor{Preview: false},
		Files: []cmsFile{{
			Name: SynonymsCollection, Label: "Sinonimi della ricerca", File: "content/" + content.SynonymsFile,
			Fields: []*cmsField{{
				Name: "gruppi", Label: "Gruppi di sinonimi", Widget: "list", Required: false, Collapsed: &expanded,
				Hint: "Un gruppo per riga: parole o espressioni che vogliono dire la stessa cosa, separate da virgole " +
					"(«doposcuola, aiuto compiti, sostegno scolastico»). Solo sinonimi veri: singolare e plurale, " +
					"maiuscole e accenti la ricerca li riconosce già da sola. Ogni parola sta in un gruppo solo.",
				Field: &cmsField{Name: "gruppo", Label: "Gruppo", Widget: "string", Required: true},
			}},
		}},
	}
}
