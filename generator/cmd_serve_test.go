package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"cantiericomuni.it/banca/generator/serve"
)

// syncBuffer is a bytes.Buffer that a running command writes to while
// the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// serving is a serve command running in the background.
type serving struct {
	url            string // http://127.0.0.1:port/
	stop           context.CancelFunc
	code           chan int
	stdout, stderr syncBuffer
}

// startServe runs the serve command with args and waits for its address.
func startServe(t *testing.T, args ...string) *serving {
	t.Helper()
	ctx, stop := context.WithCancel(context.Background())
	sv := &serving{stop: stop, code: make(chan int, 1)}
	go func() { sv.code <- runServe(ctx, args, &sv.stdout, &sv.stderr) }()
	addr := regexp.MustCompile(`Anteprima su (http://127\.0\.0\.1:\d+/) — si aggiorna a ogni salvataggio; Ctrl-C per fermare`)
	for deadline := time.Now().Add(15 * time.Second); sv.url == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := addr.FindStringSubmatch(sv.stdout.String()); m != nil {
			sv.url = m[1]
		}
	}
	if sv.url == "" {
		stop()
		t.Fatalf("no address printed\nstdout: %s\nstderr: %s", sv.stdout.String(), sv.stderr.String())
	}
	return sv
}

// get fetches path from the preview: status and body.
func (sv *serving) get(t *testing.T, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(sv.url + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// stopped sends Ctrl-C and checks that serve exits cleanly.
func (sv *serving) stopped(t *testing.T) {
	t.Helper()
	sv.stop()
	select {
	case c := <-sv.code:
		if c != exitOK {
			t.Errorf("exit %d after Ctrl-C\n%s", c, sv.stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
	if !strings.Contains(sv.stdout.String(), "Anteprima fermata.") {
		t.Errorf("stdout: %s", sv.stdout.String())
	}
}

func TestServeStartsAndStops(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	sv := startServe(t, "--root", "..", "--port", "0")
	for _, path := range []string{"", "cerca/?q=bando", "api/search?q=bando"} {
		if status, _ := sv.get(t, path); status != 200 {
			t.Errorf("%s: %d", path, status)
		}
	}
	if entries, _ := os.ReadDir(tmp); len(entries) != 1 {
		t.Errorf("want one temporary folder while serving, found %d", len(entries))
	}
	sv.stopped(t)
	if !strings.Contains(sv.stdout.String(), "Sito costruito in memoria") {
		t.Errorf("stdout: %s", sv.stdout.String())
	}
	if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
		t.Errorf("temporary folder left behind: %v", entries)
	}
}

func TestServePortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	var stdout, stderr bytes.Buffer
	code := runServe(context.Background(), []string{"--root", "..", "--port", port}, &stdout, &stderr)
	if code != exitUsage {
		t.Errorf("exit %d, want %d", code, exitUsage)
	}
	for _, want := range []string{"la porta " + port, "già in uso", "--port"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("message lacks %q: %s", want, stderr.String())
		}
	}
}

// TestServeContentErrors: a preview whose content has errors from the
// start still starts; the terminal and the page show the errors, in
// Italian with the fix, until the file is corrected.
func TestServeContentErrors(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "pratiche", "bando.md")
	os.MkdirAll(filepath.Dir(page), 0o755)
	os.WriteFile(page, []byte("---\ntitle: Bando\ndate: 2026-01-01\nargomenti: [giovanni]\n---\nTesto\n"), 0o644)
	sv := startServe(t, "--root", "..", "--content", dir, "--port", "0")
	for _, want := range []string{"bando.md:4:13: errore B107", "Forse intendevi «giovani»?"} {
		if !strings.Contains(sv.stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, sv.stderr.String())
		}
	}
	if !strings.Contains(sv.stdout.String(), "l'anteprima li mostra") {
		t.Errorf("stdout: %s", sv.stdout.String())
	}
	status, body := sv.get(t, "")
	if status != http.StatusInternalServerError || !strings.Contains(body, "B107") || !strings.Contains(body, "Forse intendevi «giovani»?") {
		t.Errorf("the page must show the error: %d\n%s", status, body)
	}
	os.WriteFile(page, []byte("---\ntitle: Bando\ndate: 2026-01-01\nargomenti: [giovani]\n---\nTesto\n"), 0o644)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if status, body = sv.get(t, "pratiche/bando/"); status == 200 && !strings.Contains(body, "anteprima-errori") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the fixed page is not served: %d\n%s", status, body)
		}
	}
	sv.stopped(t)
}

func TestServeUsage(t *testing.T) {
	var out bytes.Buffer
	for _, args := range [][]string{{"--port", "70000"}, {"--broken-links=forse"}, {"extra"}} {
		if code := runServe(context.Background(), args, &out, &out); code != exitUsage {
			t.Errorf("%v: exit %d", args, code)
		}
	}
	out.Reset()
	if code := run([]string{"help"}, &out, &out); code != exitOK || !strings.Contains(out.String(), "serve") {
		t.Errorf("help does not mention serve: %s", out.String())
	}
}

// failingListener accepts nothing: its Accept fails at once, as a
// listener closed under the server or out of file descriptors does.
type failingListener struct{ net.Listener }

func (failingListener) Accept() (net.Conn, error) {
	return nil, errors.New("accettazione fallita per prova")
}

// TestServeStopsWhenServingFails: when the server fails on its own, serve
// says so and exits, instead of waiting for a Ctrl-C that nobody sends
// (the watcher kept it alive).
func TestServeStopsWhenServingFails(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	listen = func(host string, port int) (net.Listener, error) {
		ln, err := serve.Listen(host, port)
		return failingListener{ln}, err
	}
	defer func() { listen = serve.Listen }()
	var stdout, stderr syncBuffer
	code := make(chan int, 1)
	go func() {
		code <- runServe(context.Background(), []string{"--root", "..", "--port", "0"}, &stdout, &stderr)
	}()
	select {
	case c := <-code:
		if c != exitUsage {
			t.Errorf("exit %d, want %d", c, exitUsage)
		}
		if !strings.Contains(stderr.String(), "accettazione fallita per prova") {
			t.Errorf("the failure is not said: %s", stderr.String())
		}
	case <-time.After(time.Minute):
		// Not a timing assertion: without the fix serve never returns.
		t.Fatalf("serve hangs after its server failed\nstdout: %s\nstderr: %s", stdout.String(), stderr.String())
	}
}
