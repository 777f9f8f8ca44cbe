package diag

import (
	"fmt"
	"io"
	"strings"
)

// WriteAnnotations writes one GitHub Actions workflow command per
// diagnostic, so that GitHub shows each problem on its line in a pull
// request's changed files:
//
//	::error file=content/x.md,line=7,col=5,title=B107 Valore non ammesso::«…» non è un valore ammesso…%0ACome correggere: …
//
// Values are escaped as the runner expects (%, CR and LF in the message;
// also : and , in the properties). GitHub shows at most ten annotations of
// each kind per step; the job summary has them all. Each omission (what a
// file left out past MaxPerFile) is one more annotation on its file.
func WriteAnnotations(w io.Writer, ds []Diagnostic, omitted ...Omission) error {
	var b strings.Builder
	ds = ds[:len(ds):len(ds)] // appending below must not write into the caller's array
	for _, o := range omitted {
		ds = append(ds, Diagnostic{Code: o.Code, Severity: o.Severity, File: o.File, Message: o.Text()})
	}
	for _, d := range ds {
		kind := "error"
		if d.Severity == Warning {
			kind = "warning"
		}
		b.WriteString("::" + kind + " ")
		var props []string
		if d.File != "" {
			props = append(props, "file="+escapeProperty(d.File))
			if d.Pos.Line > 0 {
				props = append(props, fmt.Sprintf("line=%d", d.Pos.Line))
				if d.Pos.Col > 0 {
					props = append(props, fmt.Sprintf("col=%d", d.Pos.Col))
				}
			}
		}
		title := string(d.Code)
		if t := d.Code.Info().Title; t != "" {
			title += " " + t
		}
		props = append(props, "title="+escapeProperty(title))
		b.WriteString(strings.Join(props, ","))
		msg := d.Message
		if d.Fix != "" {
			msg += "\nCome correggere: " + d.Fix
		}
		b.WriteString("::" + escapeData(msg) + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// escapeData escapes a workflow command's message.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command's property value.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
