package content

import (
	"regexp"
	"sort"
	"unicode/utf8"

	"cantiericomuni.it/banca/generator/diag"
	"cantiericomuni.it/banca/generator/schema"
)

// BurntSushi/toml reports no positions, so the records of a records field
// (a list of groups of fields) are placed by scanning the lines, as the
// top-level keys are: written as tables, one "[[azioni]]" per record, or
// inline, "azioni = [{cosa = "…", entro = 2026-05-01}, …]" on one line or
// several.

// recordPlace is where a record is written: its start, and the key and
// value of each of its fields, in the order written.
type recordPlace struct {
	pos   diag.Pos
	keys  map[string][2]diag.Pos // key → its position and its value's
	order []string
}

// placeRecords gives the records of v, the value of key, the positions
// they are written at, and their keys the order they are written in.
func placeRecords(v *schema.Value, key string, lines []string, line0 int) {
	if v.Kind != schema.List {
		return
	}
	hasMap := false
	for _, it := range v.Items {
		hasMap = hasMap || it.Kind == schema.Map
	}
	if !hasMap {
		return
	}
	places := tableRecords(key, lines, line0)
	if places == nil {
		places = inlineRecords(v.Pos, lines, line0)
	}
	for i := range v.Items {
		if i >= len(places) {
			break
		}
		it, pl := &v.Items[i], places[i]
		setPos(it, pl.pos)
		rank := map[string]int{}
		for j, k := range pl.order {
			rank[k] = j
		}
		for j := range it.Entries {
			e := &it.Entries[j]
			if kp, ok := pl.keys[e.Key]; ok {
				e.KeyPos = kp[0]
				setPos(&e.Value, kp[1])
			}
		}
		sort.SliceStable(it.Entries, func(a, b int) bool {
			ra, oka := rank[it.Entries[a].Key]
			rb, okb := rank[it.Entries[b].Key]
			if oka != okb {
				return oka
			}
			return ra < rb
		})
	}
}

// setPos puts v, and what it holds, at pos.
func setPos(v *schema.Value, pos diag.Pos) {
	v.Pos = pos
	for i := range v.Items {
		setPos(&v.Items[i], pos)
	}
}

var tomlHeader = regexp.MustCompile(`^\s*\[\[\s*"?([A-Za-z0-9_-]+)"?\s*\]\]`)

// tableRecords places the records written as tables, "[[key]]" then their
// keys one per line, or returns nil when there is none.
func tableRecords(key string, lines []string, line0 int) []recordPlace {
	var out []recordPlace
	var cur *recordPlace
	for i, l := range lines {
		if sm := tomlHeader.FindStringSubmatchIndex(l); sm != nil {
			cur = nil
			if l[sm[2]:sm[3]] == key {
				lead := len(l) - len(trimLeftSpace(l))
				out = append(out, recordPlace{pos: diag.Pos{Line: line0 + i, Col: utf8.RuneCountInString(l[:lead]) + 1},
					keys: map[string][2]diag.Pos{}})
				cur = &out[len(out)-1]
			}
			continue
		}
		if tomlTable.MatchString(l) {
			cur = nil // another table
			continue
		}
		if cur == nil {
			continue
		}
		if sm := tomlKey.FindStringSubmatchIndex(l); sm != nil {
			k := l[sm[4]:sm[5]]
			if _, dup := cur.keys[k]; dup {
				continue
			}
			cur.keys[k] = [2]diag.Pos{
				{Line: line0 + i, Col: utf8.RuneCountInString(l[:sm[4]]) + 1},
				{Line: line0 + i, Col: utf8.RuneCountInString(l[:sm[1]]) + 1},
			}
			cur.order = append(cur.order, k)
		}
	}
	return out
}

func trimLeftSpace(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	return s
}

// inlineRecords places the records of an inline array of tables that
// starts at start (the "[" after "key ="): each "{" at the array's top
// level starts one, and each key at the top level of a record is placed.
func inlineRecords(start diag.Pos, lines []string, line0 int) []recordPlace {
	var out []recordPlace
	var cur *recordPlace
	brackets, braces := 0, 0
	var quote rune // the quote of the string being read, 0 outside
	expectKey := false
	for li := start.Line - line0; li >= 0 && li < len(lines); li++ {
		runes := []rune(lines[li])
		from := 0
		if li == start.Line-line0 {
			from = max(start.Col-1, 0)
		}
		for c := from; c < len(runes); c++ {
			r := runes[c]
			if quote != 0 {
				switch {
				case r == '\\' && quote == '"':
					c++
				case r == quote:
					quote = 0
				}
				continue
			}
			pos := diag.Pos{Line: line0 + li, Col: c + 1}
			switch {
			case r == '#':
				c = len(runes) // a comment, to the end of the line
			case r == '[':
				brackets++
			case r == ']':
				brackets--
				if brackets <= 0 {
					return out
				}
			case r == '{':
				braces++
				if braces == 1 && brackets == 1 {
					out = append(out, recordPlace{pos: pos, keys: map[string][2]diag.Pos{}})
					cur = &out[len(out)-1]
					expectKey = true
				}
			case r == '}':
				braces--
				expectKey = false
			case r == ',' && braces == 1:
				expectKey = true
			case r == '"' || r == '\'':
				if expectKey && braces == 1 && cur != nil {
					end := c + 1
					for end < len(runes) && runes[end] != r {
						end++
					}
					c = placeKey(cur, string(runes[c+1:min(end, len(runes))]), pos, runes, min(end+1, len(runes)), line0+li)
					expectKey = false
					continue
				}
				quote = r
			case expectKey && braces == 1 && cur != nil && isBareKey(r):
				end := c
				for end < len(runes) && isBareKey(runes[end]) {
					end++
				}
				c = placeKey(cur, string(runes[c:end]), pos, runes, end, line0+li)
				expectKey = false
			}
		}
	}
	return out
}

// placeKey records key, written at pos, in cur; its value starts after
// the "=" that follows at or after rune after of runes. It returns the
// index of the last rune read.
func placeKey(cur *recordPlace, key string, pos diag.Pos, runes []rune, after, line int) int {
	c := after
	for c < len(runes) && (runes[c] == ' ' || runes[c] == '\t' || runes[c] == '=') {
		c++
	}
	if _, dup := cur.keys[key]; !dup {
		cur.keys[key] = [2]diag.Pos{pos, {Line: line, Col: c + 1}}
		cur.order = append(cur.order, key)
	}
	return c - 1
}

func isBareKey(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-'
}
