package render

import (
	"bytes"
	"encoding/json"
	"time"
)

// StatusFileName is the file that says when the published site goes
// stale: the daily job of .github/workflows/publish.yml reads it from the
// live site and rebuilds only once that moment has passed.
const StatusFileName = "stato.json"

// StatusFile is the content of stato.json:
//
//	{
//	  "prossimo_cambio": "2026-12-06T00:00:00+01:00"
//	}
//
// It does not record the build instant: with unchanged content it changes
// only when a status does, so a rebuild gives the same bytes and the build
// leaves the file alone (the deploy's own time is in Netlify's log).
type StatusFile struct {
	// NextChange is the next instant, in the site's zone, at which a
	// page's status changes (site.Site.NextStatusChange); nil when
	// none will, and the site stays right until the content changes.
	NextChange *time.Time `json:"prossimo_cambio"`
}

// statusFile is the job of stato.json.
func (rn *run) statusFile() job {
	return job{file: StatusFileName, write: func(buf *bytes.Buffer) error {
		var f StatusFile
		if next := rn.s.NextStatusChange; !next.IsZero() {
			f.NextChange = &next // in the site's zone, as site.Assemble computes it
		}
		data, err := json.MarshalIndent(f, "", "  ")
		if err != nil {
			return err
		}
		buf.Write(data)
		buf.WriteByte('\n')
		return nil
	}}
}
