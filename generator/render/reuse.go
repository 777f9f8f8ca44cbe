package render

import (
	"encoding/binary"
	"hash/maphash"

	"cantiericomuni.it/banca/generator/content"
	"cantiericomuni.it/banca/generator/site"
)

// Incremental rendering. A render can be given the files and keys of an
// earlier render of the same layouts (Reuse): every file gets a key, a
// hash of everything it shows, and a file whose key did not change is
// copied from the earlier render instead of being rendered again. The keys
// are computed from versions of pages, not from views:
//
//   - a page's version covers its source file, its converted HTML and
//     summary, its status against the build date, its related pages and
//     the addresses and titles of the pages its references name and of
//     those that name it;
//   - a page's entry version covers only what lists show of it (its
//     front matter, summary and status): editing a page's text changes
//     its own file, not the lists it appears in, unless its summary
//     comes from the text;
//   - the site's version covers what every page can show about the site:
//     its title, logo and funder, the pages linked from the footer, the
//     sections and the taxonomies with their terms (names and addresses);
//   - a file's key is the site's version, its address, the counts and
//     filters it shows and the versions of the pages it shows.
//
// A few files that show the whole site at once (the home, taxonomy
// indexes, the search page, redirects, robots.txt and the 404 page) have
// no key and are always rendered: they are few and cheap. The sitemap's
// key is every address with its date; the site calendar's the open
// opportunities. A layout change needs a Renderer of its own, hence no Reuse.

// Reuse is what an earlier render left: its keys and its files.
type Reuse struct {
	// Keys maps a file to the key it was rendered with.
	Keys map[string]uint64
	// Files maps a file to its bytes.
	Files map[string][]byte
}

// Rendered reports what a render with keys did.
type Rendered struct {
	// Keys maps every file rendered or reused to its key (files without a
	// key are absent): the next render's Reuse.Keys.
	Keys map[string]uint64
	// Rendered counts the files rendered; Reused those copied.
	Rendered, Reused int
	// Names lists the files rendered.
	Names []string
}

// RenderReuse renders s like Render, but copies from prev the files whose
// key is unchanged (without copying their bytes when out is a Keeper).
// prev may be nil (everything is rendered, and keys are computed for the
// next time).
func (r *Renderer) RenderReuse(s *site.Site, out Output, prev *Reuse) (*Rendered, error) {
	rn := newRun(r, s)
	rn.initKeys()
	jobs, err := rn.plan()
	if err != nil {
		return nil, err
	}
	res := &Rendered{Keys: make(map[string]uint64, len(jobs))}
	todo := jobs[:0:0]
	for _, j := range jobs {
		if j.key == 0 {
			todo = append(todo, j)
			continue
		}
		res.Keys[j.file] = j.key
		if prev != nil && prev.Keys[j.file] == j.key {
			if data, ok := prev.Files[j.file]; ok {
				if err := keep(out, j.file, data); err != nil {
					return nil, &Error{File: j.file, Err: err}
				}
				res.Reused++
				continue
			}
		}
		todo = append(todo, j)
	}
	res.Rendered = len(todo)
	for _, j := range todo {
		res.Names = append(res.Names, j.file)
	}
	return res, rn.explain(runJobs(todo, out))
}

var keySeed = maphash.MakeSeed()

// keyer accumulates one key.
type keyer struct{ h maphash.Hash }

func (rn *run) newKeyer(kind, url string) *keyer {
	k := &keyer{}
	k.h.SetSeed(keySeed)
	k.u64(rn.global)
	k.str(kind)
	k.str(url)
	return k
}

func (k *keyer) str(s string) *keyer {
	k.h.WriteString(s)
	k.h.WriteByte(0)
	return k
}

func (k *keyer) u64(v uint64) *keyer {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], v)
	k.h.Write(b[:])
	return k
}

func (k *keyer) int(v int) *keyer { return k.u64(uint64(v)) }

// pages adds the entry versions of pages (what lists show), in order.
func (k *keyer) pages(rn *run, pages []*site.Page) *keyer {
	k.int(len(pages))
	for _, p := range pages {
		k.u64(rn.ever[p.Index()])
	}
	return k
}

// sum returns the key; never 0, which means "no key".
func (k *keyer) sum() uint64 {
	if v := k.h.Sum64(); v != 0 {
		return v
	}
	return 1
}

// initKeys computes the versions of the pages and of the site.
func (rn *run) initKeys() {
	s := rn.s
	rn.keys = true
	rn.ver = make([]uint64, len(s.Pages))
	// The converted HTML is the costly part to hash: its hash is kept
	// per loaded page, which the preview reuses from build to build.
	rn.r.verMu.Lock()
	old := rn.r.sourceVer
	cur := make(map[*content.Page]sourceVersions, len(s.Pages))
	for _, p := range s.Pages {
		sv, ok := old[p.Page]
		if !ok {
			k := &keyer{}
			k.h.SetSeed(keySeed)
			k.u64(p.Hash).str(p.URL).str(string(p.Content)).str(p.Summary)
			if p.SummaryFromBody {
				k.str("+")
			}
			sv.all = k.sum()
			f := &keyer{}
			f.h.SetSeed(keySeed)
			if p.Source != nil && p.BodyOffset <= len(p.Source) {
				f.h.Write(p.Source[:p.BodyOffset])
			} else {
				f.u64(p.Hash) // no source kept: the whole file stands for it
			}
			f.str(p.URL).str(p.Summary)
			if p.SummaryFromBody {
				f.str("+")
			}
			sv.front = f.sum()
		}
		cur[p.Page] = sv
	}
	rn.r.sourceVer = cur
	rn.r.verMu.Unlock()
	rn.ever = make([]uint64, len(s.Pages))
	rn.docVer = make([]uint64, len(s.Pages))
	for _, p := range s.Pages {
		var status string
		if p.Status != nil {
			status = p.Status.Phrase(p.Deadline) + "\x00" + p.Status.Key
		}
		ek := &keyer{}
		ek.h.SetSeed(keySeed)
		rn.ever[p.Index()] = ek.u64(cur[p.Page].front).str(status).sum()
		k := &keyer{}
		k.h.SetSeed(keySeed)
		k.u64(cur[p.Page].all).str(status).references(p).itemStatuses(p)
		for _, rel := range p.Related {
			if rel.Page != nil {
				k.str(rel.Page.URL).str(rel.Reason)
			}
		}
		for _, a := range p.Answers {
			k.str(a.Page.URL).str(a.Reason)
		}
		rn.ver[p.Index()] = k.sum()
	}
	// Related pages are shown by their entry: a page's key must change
	// when a related page's does. One more round covers that.
	// So are the records a page owns (an ente's actions): by the front
	// matter of the pages holding them, and their statuses.
	for _, p := range s.Pages {
		if len(p.Related) == 0 && len(p.Owned) == 0 && len(p.Answers) == 0 {
			continue
		}
		k := &keyer{}
		k.h.SetSeed(keySeed)
		k.u64(rn.ver[p.Index()])
		for _, rel := range p.Related {
			if rel.Page != nil {
				k.u64(rn.ever[rel.Page.Index()])
			}
		}
		for _, o := range p.Owned {
			k.str(o.List.Field.Key).int(len(o.Items)).int(len(o.List.Open))
			for _, it := range o.Items {
				k.u64(rn.ever[it.Page.Index()]).str(it.Page.Title)
				if it.Status != nil {
					k.str(it.Status.Key).int(it.Status.DaysLeft)
				}
			}
		}
		for _, a := range p.Answers {
			k.u64(rn.ever[a.Page.Index()])
		}
		rn.docVer[p.Index()] = k.sum()
	}
	g := &keyer{}
	g.h.SetSeed(keySeed)
	g.str(s.Config.BaseURL).str(s.Config.Title).str(s.Config.ShortTitle).str(s.Config.Description)
	if l := s.Config.Logo; l != nil {
		g.str(l.Src).str(l.Alt).int(l.Width).int(l.Height)
	}
	if f := s.Config.Funder; f != nil {
		g.str(f.Credit).str(f.Name).str(f.URL)
	}
	// The footer of every page links these.
	for _, l := range s.Footer {
		g.str(l.URL).str(l.Title)
	}
	for _, sec := range s.Sections {
		g.str(sec.Key).str(sec.URL).str(sec.Label).str(sec.Description)
	}
	for _, tax := range s.Taxonomies {
		g.str(tax.Key).str(tax.URL).str(tax.Label).int(len(tax.Terms))
		for _, t := range tax.Terms {
			g.str(t.Name).str(t.URL).str(termURL(t))
		}
	}
	rn.global = g.sum()
}

// sourceVersions are the hashes kept per loaded page: of everything the
// page's own file shows (all), and of what its entry in lists shows
// (front: the front matter, the address and the summary).
type sourceVersions struct{ all, front uint64 }

// documentKey is the key of a page's own file (page or first hub page).
func (rn *run) documentKey(kind, url string, p *site.Page) *keyer {
	k := rn.newKeyer(kind, url).u64(rn.ver[p.Index()]).u64(rn.docVer[p.Index()])
	for _, g := range p.Terms {
		for _, t := range g.Terms {
			k.int(len(t.Pages)) // term links show their counts
		}
	}
	return k
}

// filtersKey hashes a section's filters: their values and counts.
func (rn *run) filtersKey(si *sectionInfo) uint64 {
	k := rn.newKeyer("filters", si.sec.URL).int(len(si.sec.Pages)).int(len(si.open))
	for _, ff := range si.fields {
		k.str(ff.url).int(len(ff.pages))
	}
	for _, pg := range si.places {
		for _, l := range pg.links {
			k.str(l.Name).str(l.URL).int(l.Count)
		}
	}
	return k.sum()
}

// splitsKey hashes a term's split by section.
func (rn *run) splitsKey(t *site.Term, splits []termSplit) uint64 {
	k := rn.newKeyer("splits", t.URL).int(len(t.Pages))
	for _, sp := range splits {
		k.str(sp.url).int(len(sp.pages))
	}
	return k.sum()
}

// windowKey is the key of page i (of total) of a list of pages.
func (rn *run) windowKey(kind, url string, i, total int, pages []*site.Page, extra ...uint64) uint64 {
	if !rn.keys {
		return 0
	}
	k := rn.newKeyer(kind, url).int(i).int(total).int(len(pages))
	for _, e := range extra {
		k.u64(e)
	}
	lo := min((i-1)*rn.size, len(pages))
	hi := min(lo+rn.size, len(pages))
	return k.pages(rn, pages[lo:hi]).sum()
}

// listKey is the key of a file showing every page of a list (a feed).
func (rn *run) listKey(kind, url string, pages []*site.Page, extra ...string) uint64 {
	if !rn.keys {
		return 0
	}
	k := rn.newKeyer(kind, url)
	for _, e := range extra {
		k.str(e)
	}
	return k.pages(rn, pages).sum()
}
