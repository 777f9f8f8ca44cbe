package pipeline

import (
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"cantiericomuni.it/banca/generator/imgsize"
)

// imageSizes knows where the images of the site come from (an attachment
// in content/ or a file of static/) and reads each one's size once, from
// its header. Safe for concurrent use: pages are converted in parallel.
type imageSizes struct {
	// sources maps a site path to the file published there.
	sources map[string]imageSource
	cache   sync.Map // site path → [2]int, {0, 0} when unknown
}

type imageSource struct {
	fsys fs.FS
	name string
}

// imageExt lists the extensions whose size can be read.
var imageExt = map[string]bool{".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".webp": true, ".svg": true}

func newImageSizes(content, static fs.FS, attachments map[string]string, staticFiles []string) *imageSizes {
	im := &imageSizes{sources: map[string]imageSource{}}
	for _, f := range staticFiles {
		if imageExt[strings.ToLower(path.Ext(f))] {
			im.sources["/"+f] = imageSource{static, f}
		}
	}
	for f, u := range attachments {
		if imageExt[strings.ToLower(path.Ext(f))] {
			im.sources[u] = imageSource{content, f}
		}
	}
	return im
}

// size returns the width and height of the image at site path u.
func (im *imageSizes) size(u string) (int, int, bool) {
	if v, ok := im.cache.Load(u); ok {
		wh := v.([2]int)
		return wh[0], wh[1], wh[0] > 0
	}
	var wh [2]int
	if src, ok := im.sources[u]; ok && src.fsys != nil {
		if f, err := src.fsys.Open(filepath.ToSlash(src.name)); err == nil {
			w, h, err := imgsize.Read(io.Reader(f), src.name)
			f.Close()
			if err == nil {
				wh = [2]int{w, h}
			}
		}
	}
	im.cache.Store(u, wh)
	return wh[0], wh[1], wh[0] > 0
}
