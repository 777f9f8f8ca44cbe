package serve

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"sync"
	"testing"

	"cantiericomuni.it/banca/generator/pipeline"
)

// repoRoot is the project folder, from this package's folder.
const repoRoot = "../.."

// sample is one preview of the repository's sample content, shared by the
// package's tests: building it takes a moment, serving it nothing.
var sample struct {
	once   sync.Once
	url    string // http://127.0.0.1:port, without the final slash
	srv    *Server
	stop   context.CancelFunc
	served chan error
	err    error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if sample.srv != nil {
		sample.stop()
		if err := <-sample.served; err != nil {
			fmt.Fprintln(os.Stderr, "serve:", err)
			code = 1
		}
		_ = sample.srv.Close()
	}
	os.Exit(code)
}

// sampleURL starts the shared preview once and returns its address.
func sampleURL(tb testing.TB) string {
	tb.Helper()
	sample.once.Do(func() {
		snap, res, err := Build(pipeline.Config{Root: repoRoot})
		if err == nil && res.Diags.HasErrors() {
			err = fmt.Errorf("il contenuto di esempio ha errori: %v", res.Diags.All())
		}
		if err != nil {
			sample.err = err
			return
		}
		ln, err := Listen("127.0.0.1", 0)
		if err != nil {
			_ = snap.Close()
			sample.err = err
			return
		}
		ctx, stop := context.WithCancel(context.Background())
		sample.srv, sample.stop, sample.served = New(snap), stop, make(chan error, 1)
		sample.url = "http://" + ln.Addr().String()
		go func() { sample.served <- sample.srv.Serve(ctx, ln) }()
	})
	if sample.err != nil {
		tb.Fatal(sample.err)
	}
	return sample.url
}

// plainClient neither follows redirects nor decompresses, so that tests
// see exactly what the server sent.
var plainClient = &http.Client{
	Transport: &http.Transport{DisableCompression: true},
	CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	},
}
