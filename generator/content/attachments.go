package content

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"

	"cantiericomuni.it/banca/generator/diag"
)

// attachmentTypes are the file extensions that may be published beside the
// pages. Anything else (HTML, scripts, feeds, server files) could run code
// on the site's own address or replace a generated file, so it is refused.
var attachmentTypes = map[string]bool{
	".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".webp": true, ".avif": true, ".svg": true,
	".pdf": true, ".txt": true, ".csv": true, ".odt": true, ".ods": true, ".odp": true,
	".doc": true, ".docx": true, ".xls": true, ".xlsx": true, ".ppt": true, ".pptx": true,
	".zip": true, ".mp3": true, ".m4a": true, ".ogg": true, ".mp4": true, ".webm": true,
}

// unsafeSVG finds what makes an SVG run code when opened: scripts, event
// handlers, javascript: URLs and embedded documents.
var unsafeSVG = regexp.MustCompile(`(?i)<\s*script|<\s*foreignobject|<\s*(?:iframe|embed|object)\b|\son[a-z]+\s*=|javascript\s*:|<!entity`)

// checkAttachment reports whether file (content-relative) may be
// published, reporting the reason when it may not.
func checkAttachment(fsys fs.FS, file string, sectionOK bool, opts Options, diags *diag.List) bool {
	display := path.Join(opts.Prefix, file)
	if !sectionOK {
		diags.Add(diag.Diagnostic{Code: diag.FileOutsideSection, File: display,
			Message: "gli allegati stanno accanto alle pagine, nella cartella di una sezione",
			Fix:     "Sposta il file in content/<sezione>/<nome-pagina>/, accanto a index.md."})
		return false
	}
	ext := strings.ToLower(path.Ext(file))
	if !attachmentTypes[ext] {
		diags.Add(diag.Diagnostic{Code: diag.AttachmentType, File: display,
			Message: fmt.Sprintf("i file di tipo «%s» non si possono pubblicare nel sito", ext)})
		return false
	}
	if ext == ".svg" {
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			diags.Add(diag.Diagnostic{Code: diag.FileUnreadable, File: display, Message: "impossibile leggere il file: " + err.Error()})
			return false
		}
		if loc := unsafeSVG.FindIndex(data); loc != nil {
			pos := diag.Locate(data, loc[0])
			diags.Add(diag.Diagnostic{Code: diag.AttachmentUnsafe, File: display, Pos: pos, Span: loc[1] - loc[0],
				Source:  diag.SourceLine(data, pos.Line),
				Message: fmt.Sprintf("l'immagine contiene «%s», che può eseguire codice", bytes.TrimSpace(data[loc[0]:loc[1]]))})
			return false
		}
	}
	return true
}
