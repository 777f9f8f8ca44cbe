package site

import (
	"cantiericomuni.it/banca/generator/italian"
	"cantiericomuni.it/banca/generator/schema"
)

// Phrase is the text of the status's badge, as its state declares it
// (italian.StatusPhrase): the label, then with a countdown verb the days
// left to the date the state refers to ("aperta — scade tra 30 giorni",
// "in scadenza — scade oggi alle 12:00"), or for a dated state its day
// ("scaduta il 3 marzo 2026"); else the label alone ("a sportello"). The
// date is st.At, or date when st has none, read in its own zone (the
// site's, as the schema stores it). A nil status gives "". The page, its
// cards and the search results all show it.
func (st *Status) Phrase(date *schema.Date) string {
	if st == nil {
		return ""
	}
	if st.At != nil {
		date = st.At
	}
	if st.State == nil || date == nil {
		return st.Label
	}
	return italian.StatusPhrase(st.Label, st.State.Countdown, st.State.Dated, st.DaysLeft, date.Time, date.HasTime)
}
