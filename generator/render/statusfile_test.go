package render

import (
	"encoding/json"
	"testing"
	"time"
)

func TestStatusFile(t *testing.T) {
	s := fixture(t).finish()
	next := time.Date(2026, 12, 6, 0, 0, 0, 0, rome)
	s.NextStatusChange = next
	got := string(renderSite(t, s)[StatusFileName])
	want := "{\n  \"prossimo_cambio\": \"2026-12-06T00:00:00+01:00\"\n}\n"
	if got != want {
		t.Errorf("stato.json:\n%s\nwant\n%s", got, want)
	}
	var f StatusFile
	if err := json.Unmarshal([]byte(got), &f); err != nil || f.NextChange == nil || !f.NextChange.Equal(next) {
		t.Errorf("read back: %v %v", f.NextChange, err)
	}

	// No status will change: null, and the same bytes on every build.
	s = fixture(t).finish()
	s.NextStatusChange = time.Time{}
	first := string(renderSite(t, s)[StatusFileName])
	if first != "{\n  \"prossimo_cambio\": null\n}\n" {
		t.Errorf("stato.json without changes ahead:\n%s", first)
	}
	if again := string(renderSite(t, s)[StatusFileName]); again != first {
		t.Errorf("not reproducible:\n%s\n%s", first, again)
	}
}
