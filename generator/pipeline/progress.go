package pipeline

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// progress prints the current stage once a build has run for a second,
// and every second after that, so a long build never looks stuck.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	start time.Time
	name  string
	done  chan struct{}
}

func newProgress(w io.Writer, start time.Time) *progress {
	p := &progress{w: w, start: start, done: make(chan struct{})}
	if w == nil {
		return p
	}
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-p.done:
				return
			case <-t.C:
				p.mu.Lock()
				fmt.Fprintf(p.w, "… %s (%.0f s)\n", p.name, time.Since(p.start).Seconds())
				p.mu.Unlock()
			}
		}
	}()
	return p
}

func (p *progress) set(name string) {
	p.mu.Lock()
	p.name = name
	p.mu.Unlock()
}

func (p *progress) stop() { close(p.done) }
