package site

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"cantiericomuni.it/banca/generator/schema"
)

// Possible answers (schema.Answers): the pages of some sections that could
// answer a page of another ("Potrebbero rispondere" on a need). A
// candidate scores as a related page does, the weights of the taxonomy
// terms it shares with the page (schema.Related), plus answerWordScore for
// each of up to answerWords rare words their titles and summaries share:
// a word that few candidates use ("doposcuola", "aula") says more than a
// common one. Only candidates still open count (an expired opportunity
// answers nothing); those the page already names in its Except field are
// left out.
//
// The candidates are indexed once: each term and each rare word to the
// candidates that carry it, in site order. A page adds up the posting
// lists of its own terms and words in counters it resets afterwards, so
// its cost is the length of those lists, never a pass over every
// candidate, and no text is compared but the words of its own title and
// summary, looked up once each.

// The scoring of possible answers.
const (
	// minAnswerScore keeps out candidates that share only a place or
	// a target group: a topic (3) or a cantiere and something more.
	minAnswerScore = 3
	// answerWordScore is what a rare word in common counts; at most
	// answerWords of them count.
	answerWordScore = 2
	answerWords     = 2
	// answerReasons is how many taxonomies the reason names at most.
	answerReasons = 2
	// minWordLen is the shortest stem that counts as a word.
	minWordLen = 4
	// rareShare: a word is rare when at most 1/rareShare of the
	// candidates use it (and at most minRare when they are few).
	rareShare = 100
	minRare   = 3
)

// answer gives the pages of every section that declares answers their
// Answers.
func answer(s *Site) {
	for _, sec := range s.Sections {
		a := sec.Schema.Answers
		if a == nil || len(sec.Pages) == 0 {
			continue
		}
		x := newAnswerIndex(s, a.From)
		for _, p := range sec.Pages {
			p.Answers = nil
			if a.When == schema.AnswersOpen && (p.Status == nil || p.Closed()) {
				continue
			}
			p.Answers = x.choose(p, a)
		}
	}
}

// answerIndex indexes the candidate answers of one declaration.
type answerIndex struct {
	cands []*Page
	// terms and words map a term and a rare word's stem to the
	// candidates (by position in cands) that carry it.
	terms map[*Term][]int32
	words map[string][]int32
	// scores and hits are the counters of the page being answered, by
	// candidate; touched lists those not zero.
	scores  []uint16
	hits    []uint8
	touched []int32
	best    []candidate
}

// newAnswerIndex indexes the open pages of the sections from.
func newAnswerIndex(s *Site, from []string) *answerIndex {
	x := &answerIndex{terms: map[*Term][]int32{}, words: map[string][]int32{}}
	for _, key := range from {
		if sec := s.Section(key); sec != nil {
			for _, q := range sec.Pages {
				if !q.Closed() {
					x.cands = append(x.cands, q)
				}
			}
		}
	}
	slices.SortFunc(x.cands, func(a, b *Page) int { return a.index - b.index })
	x.cands = slices.Compact(x.cands)
	all := map[string][]int32{}
	for i, q := range x.cands {
		for _, g := range q.Terms {
			if rel := g.Taxonomy.Schema.Related; rel == nil || rel.Weight <= 0 {
				continue
			}
			for _, t := range g.Terms {
				x.terms[t] = append(x.terms[t], int32(i))
			}
		}
		for _, w := range pageWords(q) {
			all[w.stem] = append(all[w.stem], int32(i))
		}
	}
	rare := max(minRare, len(x.cands)/rareShare)
	for stem, list := range all {
		if len(list) <= rare {
			x.words[stem] = list
		}
	}
	x.scores = make([]uint16, len(x.cands))
	x.hits = make([]uint8, len(x.cands))
	return x
}

// choose returns the best possible answers for p, best first, each with
// its reason.
func (x *answerIndex) choose(p *Page, a *schema.Answers) []Related {
	skip := map[*Page]bool{p: true}
	if a.Except != "" {
		for _, f := range p.Fields {
			if f.Key != a.Except {
				continue
			}
			refs, _ := f.Value.([]Reference)
			for _, r := range refs {
				if r.Page != nil {
					skip[r.Page] = true
				}
			}
		}
	}
	touched := x.touched[:0]
	add := func(list []int32, w uint16, word bool) {
		for _, j := range list {
			if x.scores[j] == 0 && x.hits[j] == 0 {
				touched = append(touched, j)
			}
			if word {
				if x.hits[j] < answerWords {
					x.hits[j]++
					x.scores[j] += w
				}
				continue
			}
			x.scores[j] += w
		}
	}
	for _, g := range p.Terms {
		rel := g.Taxonomy.Schema.Related
		if rel == nil || rel.Weight <= 0 {
			continue
		}
		for _, t := range g.Terms {
			add(x.terms[t], uint16(min(rel.Weight, 255)), false)
		}
	}
	words := pageWords(p)
	for _, w := range words {
		add(x.words[w.stem], answerWordScore, true)
	}
	k := a.Limit()
	best := x.best[:0]
	for _, j := range touched {
		if sc := x.scores[j]; sc >= minAnswerScore && !skip[x.cands[j]] {
			best = insertTop(best, candidate{index: j, score: sc}, k)
		}
	}
	for _, j := range touched {
		x.scores[j], x.hits[j] = 0, 0
	}
	x.touched, x.best = touched, best
	var out []Related
	for _, c := range best {
		q := x.cands[c.index]
		out = append(out, Related{Page: q, Score: int(c.score), Reason: answerReason(p, q, words)})
	}
	return out
}

// answerReason says why q could answer p: for the (at most
// answerReasons) heaviest taxonomies they share a term of, the first such
// term of p ("stesso
// argomento: doposcuola; stesso cantiere: Ferrara"), then the rare words
// they share ("parole in comune: aula, studio").
func answerReason(p, q *Page, words []word) string {
	groups := slices.Clone(p.Terms)
	slices.SortStableFunc(groups, func(a, b TermGroup) int { return relWeight(b) - relWeight(a) })
	var parts []string
	for _, g := range groups {
		if relWeight(g) <= 0 {
			continue
		}
		for _, t := range g.Terms {
			if sharesTerm(q, t) {
				name := t.Value
				if t.Hub != nil {
					name = t.ShortName()
				}
				parts = append(parts, g.Taxonomy.Schema.Related.Reason+": "+name)
				break
			}
		}
		if len(parts) == answerReasons {
			break
		}
	}
	if len(words) > 0 {
		theirs := map[string]bool{}
		for _, w := range pageWords(q) {
			theirs[w.stem] = true
		}
		var common []string
		for _, w := range words {
			if theirs[w.stem] && len(common) < answerWords {
				common = append(common, w.text)
			}
		}
		if len(common) > 0 {
			parts = append(parts, "parole in comune: "+strings.Join(common, ", "))
		}
	}
	return strings.Join(parts, "; ")
}

// relWeight is the weight of a page's terms of one taxonomy for related
// pages (0 when they do not count).
func relWeight(g TermGroup) int {
	if rel := g.Taxonomy.Schema.Related; rel != nil {
		return rel.Weight
	}
	return 0
}

// word is a word of a page's title or summary: its stem, and the word as
// first written (lower case).
type word struct{ stem, text string }

// pageWords returns the distinct words of p's title and front matter
// summary that may count, in the order they come.
func pageWords(p *Page) []word {
	var out []word
	seen := map[string]bool{}
	// Only a summary written in the front matter: one taken from the
	// text is not there yet when a full build assembles the site (the
	// Markdown comes later), and is when the preview reassembles it, so
	// counting it would make the two disagree.
	summary := p.Summary
	if p.SummaryFromBody {
		summary = ""
	}
	for _, text := range []string{p.Title, summary} {
		for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
			if stopWords[w] {
				continue
			}
			stem := strings.TrimRight(w, "aeiouàèéìòù")
			if utf8.RuneCountInString(stem) < minWordLen || seen[stem] {
				continue
			}
			seen[stem] = true
			out = append(out, word{stem, w})
		}
	}
	return out
}

// stopWords are frequent Italian words that say nothing of what a page
// offers or needs (those of four letters or more: shorter stems never
// count).
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`della delle dello degli dalla dalle dallo dagli nella nelle nello negli
		sulla sulle sullo sugli alla alle allo agli anche come sono essere questo questa questi queste
		quello quella quelli quelle loro dove quando perché ogni tutti tutte tutto tutta molto molti
		molte più però senza verso dopo prima già ancora cosa cose fare hanno viene vengono sempre
		altri altre altro altra nostro nostra nostri nostre proprio stesso stessa circa parte presso
		attraverso insieme mentre ovvero oppure quindi infatti inoltre grazie bisogno bisogni serve
		servono manca mancano cerca cercano`) {
		m[w] = true
	}
	return m
}()
