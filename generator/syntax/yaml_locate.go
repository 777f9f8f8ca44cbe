package syntax

import (
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// maxLinearWork bounds the bytes parsed while looking for the failing
// line one line at a time; past it, the search looks at a window of
// lines from where yaml.v3 places the problem.
const maxLinearWork = 2 << 20

// windowLines is how many lines the search looks at in a large text.
const windowLines = 300

// yamlReportedRE finds the line yaml.v3 names ("yaml: line 12: …").
var yamlReportedRE = regexp.MustCompile(`line (\d+):`)

// yamlFailingLine finds the line of the mistake: the first line that a
// beginning of the text cannot end at, that is one more than the longest
// beginning that parses. A beginning that stops inside a text on several
// lines fails too, but the longer one that closes it parses again, so the
// search goes from the end. It returns the line, 1-based, and the problem
// yaml.v3 reports for the text up to it.
//
// A large text (a pasted document in the front matter) is searched in a
// window instead: from the last top-level key at or before the line
// yaml.v3 names (which starts the construct around the mistake, so it is
// never after it), a few hundred lines, parsed on their own.
func yamlFailingLine(text string, err error) (int, string) {
	raw := strings.Split(text, "\n")
	msg := yamlMessage(err)
	from, to := 0, len(raw)
	reported := 1
	if len(raw)*len(text) > maxLinearWork {
		if m := yamlReportedRE.FindStringSubmatch(err.Error()); m != nil {
			reported, _ = strconv.Atoi(m[1])
		}
		reported = min(max(reported, 1), len(raw))
		from = reported - 1
		for from > 0 && !topLevelKey(raw[from]) {
			from--
		}
		to = min(len(raw), reported+windowLines)
	}
	parse := func(j int) error {
		var node yaml.Node
		return yaml.Unmarshal([]byte(strings.Join(raw[from:j], "\n")+"\n"), &node)
	}
	size := 0
	for _, l := range raw[from:to] {
		size += len(l) + 1
	}
	if (to-from)*size <= maxLinearWork {
		for j := to - 1; j >= from; j-- {
			e := parse(j)
			if e == nil {
				return j + 1, msg
			}
			msg = yamlMessage(e)
		}
		return from + 1, msg
	}
	// A window too large to go through line by line: halve it.
	e := parse(to)
	if e == nil {
		return reported, msg // the mistake is past the window
	}
	lo, hi := from, to // parse(lo) succeeds (nothing), parse(hi) fails
	msg = yamlMessage(e)
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if e := parse(mid); e == nil {
			lo = mid
		} else {
			hi, msg = mid, yamlMessage(e)
		}
	}
	return hi, msg
}
