package search_test

import (
	"net/url"
	"os"
	"path/filepath"
)

func parseQuery(s string) (url.Values, error) { return url.ParseQuery(s) }

func urlEscape(s string) string { return url.QueryEscape(s) }

// filepathTemp is a folder for one bundle, kept for the whole test binary
// (bundles are shared between tests) and removed by TestMain.
func filepathTemp(name string) (string, error) {
	return os.MkdirTemp(tmpRoot, filepath.Base(name)+"-")
}

var tmpRoot string
