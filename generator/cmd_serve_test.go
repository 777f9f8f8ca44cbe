package main

import (
	"bytes"
	"context"
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

func TestServeStartsAndStops(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	ctx, stop := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	code := make(chan int, 1)
	go func() {
		code <- runServe(ctx, []string{"--root", "..", "--port", "0"}, &stdout, &stderr)
	}()
	addr := regexp.MustCompile(`Anteprima su (http://127\.0\.0\.1:\d+/) — Ctrl-C per fermare`)
	var url string
	for deadline := time.Now().Add(15 * time.Second); url == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := addr.FindStringSubmatch(stdout.String()); m != nil {
			url = m[1]
		}
	}
	if url == "" {
		stop()
		t.Fatalf("no address printed\nstdout: %s\nstderr: %s", stdout.String(), stderr.String())
	}
	for _, path := range []string{"", "cerca/?q=bando", "api/search?q=bando"} {
		resp, err := http.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("%s: %d", path, resp.StatusCode)
		}
	}
	if entries, _ := os.ReadDir(tmp); len(entries) != 1 {
		t.Errorf("want one temporary folder while serving, found %d", len(entries))
	}
	stop()
	select {
	case c := <-code:
		if c != exitOK {
			t.Errorf("exit %d after Ctrl-C\n%s", c, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
	if !strings.Contains(stdout.String(), "Sito costruito in memoria") || !strings.Contains(stdout.String(), "Anteprima fermata.") {
		t.Errorf("stdout: %s", stdout.String())
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

func TestServeContentErrors(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "opportunita", "bando.md")
	os.MkdirAll(filepath.Dir(page), 0o755)
	os.WriteFile(page, []byte("---\ntitle: Bando\ndate: 2026-01-01\nargomenti: [giovanni]\n---\nTesto\n"), 0o644)
	var stdout, stderr bytes.Buffer
	code := runServe(context.Background(), []string{"--root", "..", "--content", dir, "--port", "0"}, &stdout, &stderr)
	if code != exitContent {
		t.Fatalf("exit %d, want %d\n%s", code, exitContent, stderr.String())
	}
	for _, want := range []string{"bando.md:4:13: errore B107", "Forse intendevi «giovani»?", "l'anteprima non è partita"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
	if strings.Contains(stdout.String(), "Anteprima su") {
		t.Error("the preview started despite the errors")
	}
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
