package syntax

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// maxLinearWork bounds the bytes parsed while looking for the failing
// line one line at a time; past it, the search looks at a window of
// lines from where yaml.v3 places the problem.
const maxLinearWork = 2 << 20

// windowLines is how many lines the search looks at in a large text.
const windowLines = 300

// maxWindowStarts bounds the top-level keys tried as the start of the
// window, each a parse of the text before it; past them the window starts
// at the top.
const maxWindowStarts = 8

// badCharLine returns the line (from 1) of the first character yaml.v3
// refuses, invalid UTF-8 or a control character but tab and line breaks,
// 0 when there is none.
func badCharLine(text string) int {
	line := 1
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return line
		case r == '\n':
			line++
		case r == '\uFEFF' && i == 0, r == '\t', r == '\r', r == 0x85:
		case unicode.IsControl(r), r == 0xFFFE, r == 0xFFFF:
			return line
		}
		i += size
	}
	return 0
}

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
	if strings.Contains(msg, "control characters") || strings.Contains(msg, "UTF-8") {
		// yaml.v3 checks the characters before parsing and names no
		// line: the first one it refuses is the mistake.
		if n := badCharLine(text); n > 0 {
			return n, msg
		}
	}
	parseLines := func(from, j int) error {
		var node yaml.Node
		return yaml.Unmarshal([]byte(strings.Join(raw[from:j], "\n")+"\n"), &node)
	}
	from, to := 0, len(raw)
	reported := 1
	if len(raw)*len(text) > maxLinearWork {
		if m := yamlReportedRE.FindStringSubmatch(err.Error()); m != nil {
			reported, _ = strconv.Atoi(m[1])
		}
		reported = min(max(reported, 1), len(raw))
		// The window starts at a top-level key before which the text
		// parses: a quoted text opened further up and never closed
		// swallows the keys after it, and a window starting among them
		// would place the mistake where the text happens to end.
		from = reported - 1
		for tries := 0; ; tries++ {
			for from > 0 && !topLevelKey(raw[from]) {
				from--
			}
			if from == 0 || parseLines(0, from) == nil {
				break
			}
			if from--; tries == maxWindowStarts {
				from = 0
			}
		}
		to = min(len(raw), reported+windowLines)
	}
	parse := func(j int) error { return parseLines(from, j) }
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
