package diag

// Snippet is the source line of d with its number and a line of carets
// under the problem, as Print shows it; "" when d has no source line. The
// preview's error overlay shows it too.
func Snippet(d Diagnostic) string { return snippet(d) }
