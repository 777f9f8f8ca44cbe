package search

import "cantiericomuni.it/banca/generator/site"

// syncLive indexes s into l as one build of the preview does: every page
// handed over, those of the last round that s lacks removed, then
// committed.
func syncLive(l *Live, s *site.Site) (*Index, error) {
	b := l.Begin(s)
	present := map[string]bool{}
	for _, p := range s.Pages {
		present[p.URL] = true
		if err := b.Add(p, p.Plain); err != nil {
			b.Abort()
			return nil, err
		}
	}
	for url := range l.docs {
		if !present[url] {
			if err := b.Remove(url); err != nil {
				b.Abort()
				return nil, err
			}
		}
	}
	if _, err := b.Commit(); err != nil {
		return nil, err
	}
	return l.Current(), nil
}
