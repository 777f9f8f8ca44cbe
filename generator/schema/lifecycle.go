package schema

// DeadlineKey is the field that gives a section's pages a lifecycle: a
// page with a deadline is open until it, then closed; one without is open
// with no end ("a sportello"). The generator interprets it (it is one of
// the English keys of the content model), wherever a section declares it.
const DeadlineKey = "deadline"

// HasDeadlines reports whether the section's pages open and close: the
// section declares a DeadlineKey field. Such a section's pages carry a
// status, its lists show the open ones first, nearest deadline first, and
// it has a list of the open ones only.
func (sec *Section) HasDeadlines() bool {
	return sec != nil && sec.Field(DeadlineKey) != nil
}
