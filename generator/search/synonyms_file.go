package search

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"gopkg.in/yaml.v3"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/diag"
)

// The bank's list of synonyms is content/sinonimi.yaml (content.SynonymsFile),
// a data file of the content folder, not a page: net weavers edit it by
// hand or in the panel (/admin/, «Sinonimi della ricerca»). One key,
// gruppi, lists the groups, each one line of words or phrases that mean
// the same, separated by commas:
//
//	gruppi:
//	  - terzo settore, ETS, enti del terzo settore, non profit
//	  - scuola dell'infanzia, scuola materna

// maxSynonymsFile bounds the size of the file (a list of words, not a
// dictionary: 256 KB is thousands of groups).
const maxSynonymsFile = 256 << 10

// synonymsKey is the file's only key.
const synonymsKey = "gruppi"

// LoadSynonyms reads the bank's list of synonyms from the content folder
// fsys (display is the folder as messages name it, "content") and checks
// it: problems go to diags, as errors (B160) with the line and a fix in
// Italian. It returns the groups, each as its alternatives are written;
// nil when there is no file or it has errors.
func LoadSynonyms(fsys fs.FS, display string, diags *diag.List) [][]string {
	file := path.Join(display, content.SynonymsFile)
	data, err := fs.ReadFile(fsys, content.SynonymsFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	bad := func(line, col int, src []byte, msg, fix string) {
		d := diag.Diagnostic{Code: diag.SynonymsInvalid, File: file, Message: msg, Fix: fix}
		if line > 0 {
			d.Pos = diag.Pos{Line: line, Col: col}
			d.Source = diag.SourceLine(src, line)
		}
		diags.Add(d)
	}
	switch {
	case err != nil:
		bad(0, 0, nil, "impossibile leggere il file dei sinonimi: "+err.Error(), "Controlla che il file esista e si possa leggere.")
		return nil
	case len(data) > maxSynonymsFile:
		bad(0, 0, nil, fmt.Sprintf("il file dei sinonimi è troppo grande (%d KB, al massimo %d KB)", len(data)>>10, maxSynonymsFile>>10),
			"Tieni nel file solo le parole del settore che i lettori cercano con parole diverse da quelle delle schede.")
		return nil
	}
	groups, ok := parseSynonyms(data, bad)
	if !ok {
		return nil
	}
	return groups
}

// parseSynonyms reads and checks the groups of the file's data, reporting
// every problem to bad; ok is false when there was one.
func parseSynonyms(data []byte, bad func(line, col int, src []byte, msg, fix string)) (groups [][]string, ok bool) {
	ok = true
	fail := func(n *yaml.Node, msg, fix string) {
		ok = false
		line, col := 0, 0
		if n != nil {
			line, col = n.Line, n.Column
		}
		bad(line, col, data, msg, fix)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		var te *yaml.TypeError
		msg := err.Error()
		line := 0
		if !errors.As(err, &te) {
			fmt.Sscanf(strings.TrimPrefix(msg, "yaml: "), "line %d:", &line)
		}
		ok = false
		bad(line, 0, data, "il file dei sinonimi non si riesce a leggere: "+strings.TrimPrefix(msg, "yaml: "),
			"Scrivi una riga «gruppi:» e sotto un gruppo per riga, che inizia con «  - »: «  - bando, avviso, call».")
		return nil, false
	}
	if len(doc.Content) == 0 {
		return nil, true // an empty file: no synonyms
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		fail(root, "il file dei sinonimi deve iniziare con «gruppi:»",
			"Scrivi una riga «gruppi:» e sotto un gruppo per riga, che inizia con «  - ».")
		return nil, false
	}
	var list *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Value != synonymsKey {
			fail(k, fmt.Sprintf("«%s» non è una voce del file dei sinonimi", k.Value),
				"Il file ha una sola voce, «gruppi:»: togli le altre o spostale lì sotto.")
			continue
		}
		list = v
	}
	if list == nil {
		if ok {
			fail(root, "manca la voce «gruppi:»", "Scrivi una riga «gruppi:» e sotto un gruppo per riga, che inizia con «  - ».")
		}
		return nil, false
	}
	if list.Kind == yaml.ScalarNode && list.Tag == "!!null" {
		return nil, ok
	}
	if list.Kind != yaml.SequenceNode {
		fail(list, "«gruppi» deve essere un elenco, un gruppo per riga",
			"Scrivi ogni gruppo su una riga sua, che inizia con «  - »: «  - bando, avviso, call».")
		return nil, false
	}
	// Where each alternative is, by key: one group per word.
	where := map[string]int{}
	for _, item := range list.Content {
		if item.Kind != yaml.ScalarNode || item.Tag == "!!null" {
			fail(item, "un gruppo è una riga di parole separate da virgole",
				"Scrivi il gruppo su una riga sola, dopo «  - »: «  - scuola dell'infanzia, scuola materna».")
			continue
		}
		group, good := checkGroup(item, where, fail)
		if good {
			groups = append(groups, group)
		}
	}
	return groups, ok
}

// checkGroup splits the group of item at its commas and checks its
// alternatives against the search's analyzer and the earlier groups
// (where: the line of each key seen).
func checkGroup(item *yaml.Node, where map[string]int, fail func(n *yaml.Node, msg, fix string)) ([]string, bool) {
	var alts []string
	keys := map[string]string{}
	good := true
	for _, raw := range strings.Split(item.Value, ",") {
		text := strings.TrimSpace(raw)
		if text == "" {
			fail(item, "il gruppo ha una virgola di troppo: tra due virgole non c'è nessuna parola",
				"Togli la virgola in più: le parole di un gruppo sono separate da una virgola sola.")
			good = false
			continue
		}
		toks := phraseTokens(text)
		switch {
		case len(contentStems(text)) == 0:
			fail(item, fmt.Sprintf("«%s» è fatto solo di parole che la ricerca ignora (articoli, preposizioni…)", text),
				"Scrivi una parola che si cerca davvero, o togli questa dal gruppo.")
			good = false
			continue
		case len(toks) > maxSynonymWords:
			fail(item, fmt.Sprintf("«%s» ha più di %d parole", text, maxSynonymWords),
				"Un sinonimo è una parola o un'espressione breve, come «enti del terzo settore»: accorcialo.")
			good = false
			continue
		}
		key := phraseKey(toks)
		if prev, dup := keys[key]; dup {
			fail(item, fmt.Sprintf("«%s» e «%s» sono la stessa parola per la ricerca (che non distingue singolare e plurale, maiuscole e accenti)", prev, text),
				"Tienine una sola: la ricerca trova già anche l'altra.")
			good = false
			continue
		}
		if line, taken := where[key]; taken {
			fail(item, fmt.Sprintf("«%s» è già in un altro gruppo, alla riga %d", text, line),
				"Unisci i due gruppi in uno, o togli la parola da uno dei due: una parola sta in un gruppo solo.")
			good = false
			continue
		}
		keys[key] = text
		alts = append(alts, text)
	}
	for _, text := range alts {
		where[phraseKey(phraseTokens(text))] = item.Line
	}
	switch {
	case good && len(alts) < 2:
		fail(item, "un gruppo ha bisogno di almeno due parole, separate da una virgola",
			"Aggiungi le parole che vogliono dire la stessa cosa («doposcuola, aiuto compiti»), o togli la riga.")
		return nil, false
	case len(alts) > maxAlternatives:
		fail(item, fmt.Sprintf("il gruppo ha %d parole, al massimo %d", len(alts), maxAlternatives),
			"Dividi il gruppo: ogni gruppo tiene solo le parole che si possono scambiare l'una con l'altra.")
		return nil, false
	}
	return alts, good
}
