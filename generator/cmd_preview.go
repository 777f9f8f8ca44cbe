package main

import (
	"path/filepath"

	"cantiericomuni.it/banca/generator/pipeline"
	"cantiericomuni.it/banca/generator/preview"
)

// writePreviewBundle writes, after a build that wrote the search bundle,
// the bundle of the editing UI's preview function
// (generator/functions/anteprima) from the same build.
func writePreviewBundle(cfg pipeline.Config, res *pipeline.Result) error {
	root := cfg.Root
	if root == "" {
		root = "."
	}
	return preview.WriteBundle(filepath.Join(root, preview.DefaultBundle), cfg.Files(), res)
}
