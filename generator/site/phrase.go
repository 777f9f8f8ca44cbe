package site

import (
	"time"

	"cantiericomuni.it/banca/generator/italian"
	"cantiericomuni.it/banca/generator/schema"
)

// Phrase is the text of the status's badge, with deadline read in its own
// zone (the site's, as the schema stores it): "aperta — scade tra 30
// giorni", "scaduta il 3 marzo 2026", "a sportello" (italian.StatusPhrase).
// A nil status gives "". The page, its cards and the search results all
// show it.
func (st *Status) Phrase(deadline *schema.Date) string {
	if st == nil {
		return ""
	}
	phase := italian.Running
	switch st.Key {
	case StatusRolling:
		phase = italian.Undated
	case StatusClosed:
		phase = italian.Ended
	}
	var t time.Time
	hasTime := false
	if deadline != nil {
		t, hasTime = deadline.Time, deadline.HasTime
	}
	return italian.StatusPhrase(st.Label, phase, st.DaysLeft, t, hasTime)
}
