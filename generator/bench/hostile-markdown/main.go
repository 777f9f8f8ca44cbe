// Command hostile-markdown measures what each family of hostile Markdown
// (generator/internal/hostile) costs the generator, against a normal page
// of the same size: the CPU time of `check` on a site holding that one
// page, the CPU time of the Markdown conversion alone, and the peak memory
// of the process, each file in a process of its own.
//
//	go run ./generator/bench/hostile-markdown [-size BYTES] [-runs N] [-only NAME,…]
//
// It prints a Markdown table, one row per family, with the ratio of each
// figure to the normal page's; a ratio over -max (default 50) is marked.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"

	"cantiericomuni.it/banca/generator/internal/cputime"

	"cantiericomuni.it/banca/generator/internal/hostile"
	"cantiericomuni.it/banca/generator/internal/testproject"
	"cantiericomuni.it/banca/generator/markdown"
	"cantiericomuni.it/banca/generator/pipeline"
)

// measure is what a child process reports of one file. Times are CPU
// times (user and system, every thread, the collector's included): the
// machine is shared, and wall times would measure the neighbours.
type measure struct {
	Build, Convert time.Duration
	Diags          int
	MaxRSS         int64 // KiB
}

func main() {
	size := flag.Int("size", 1900<<10, "size of each body, in bytes")
	runs := flag.Int("runs", 3, "runs per file (the median is shown)")
	only := flag.String("only", "", "comma-separated families to measure (default all)")
	limit := flag.Float64("max", 50, "ratio to the normal page above which a row is marked")
	child := flag.String("child", "", "internal: measure this family in this process")
	flag.Parse()
	if *child != "" {
		if err := runChild(*child, *size); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	names := []string{"normale"}
	for _, f := range hostile.Families() {
		if *only == "" || slices.Contains(strings.Split(*only, ","), f.Name) {
			names = append(names, f.Name)
		}
	}
	self, err := os.Executable()
	if err != nil {
		fail(err)
	}
	results := map[string]measure{}
	for _, name := range names {
		var ms []measure
		for range *runs {
			m, err := spawn(self, name, *size)
			if err != nil {
				fail(fmt.Errorf("%s: %w", name, err))
			}
			ms = append(ms, m)
		}
		results[name] = median(ms)
		fmt.Fprintf(os.Stderr, "%-24s %v\n", name, results[name].Build.Round(time.Millisecond))
	}
	base := results["normale"]
	fmt.Printf("Body of %d KB (%s, %d CPUs), median of %d runs; ratios to a normal page of the same size.\n\n", *size>>10, runtime.Version(), runtime.NumCPU(), *runs)
	fmt.Println("| file | check | ratio | conversion | ratio | peak RSS | ratio | messages |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|---:|")
	for _, name := range names {
		m := results[name]
		rb := float64(m.Build) / float64(base.Build)
		rc := float64(m.Convert) / float64(base.Convert)
		rm := float64(m.MaxRSS) / float64(base.MaxRSS)
		mark := ""
		if rb > *limit || rm > *limit {
			mark = " **over**"
		}
		fmt.Printf("| %s%s | %s | %.1f× | %s | %.1f× | %d MiB | %.1f× | %d |\n", name, mark,
			m.Build.Round(time.Millisecond), rb, m.Convert.Round(time.Millisecond), rc, m.MaxRSS>>10, rm, m.Diags)
	}
}

// spawn measures one family in a child process.
func spawn(self, name string, size int) (measure, error) {
	cmd := exec.Command(self, "-child", name, "-size", fmt.Sprint(size))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, os.Stderr
	if err := cmd.Run(); err != nil {
		return measure{}, err
	}
	var m measure
	if err := json.Unmarshal(out.Bytes(), &m); err != nil {
		return measure{}, fmt.Errorf("%w: %s", err, out.String())
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.MaxRSS = ru.Maxrss
	}
	return m, nil
}

// runChild builds a site of one page whose body is the family's, and
// converts the body once more on its own.
func runChild(name string, size int) error {
	var body []byte
	if name == "normale" {
		page, err := os.ReadFile(filepath.Join(testproject.Root(), "generator", "markdown", "testdata", "page.md"))
		if err != nil {
			return err
		}
		body = hostile.Normal(page, size)
	}
	for _, f := range hostile.Families() {
		if f.Name == name {
			body = f.Make(size)
		}
	}
	if body == nil {
		return fmt.Errorf("famiglia sconosciuta %q", name)
	}
	dir, err := os.MkdirTemp("", "hostile-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "pratiche", name+".md")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	src := append([]byte("---\ntitle: \"Pagina di prova\"\ndate: 2026-11-01\n---\n"), body...)
	if err := os.WriteFile(file, src, 0o644); err != nil {
		return err
	}
	var m measure
	start := cputime.Used()
	res, err := pipeline.Run(pipeline.Config{Root: testproject.Root(), Content: dir, Check: true, BrokenLinksWarn: true,
		Now: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)})
	m.Build = cputime.Used() - start
	if err != nil {
		return err
	}
	m.Diags = res.Diags.Len()
	res = nil
	runtime.GC()
	conv := markdown.New()
	start = cputime.Used()
	conv.Convert(body, nil)
	m.Convert = cputime.Used() - start
	return json.NewEncoder(os.Stdout).Encode(m)
}

func median(ms []measure) measure {
	pick := func(get func(measure) int64) int64 {
		v := make([]int64, len(ms))
		for i, m := range ms {
			v[i] = get(m)
		}
		sort.Slice(v, func(i, j int) bool { return v[i] < v[j] })
		return v[len(v)/2]
	}
	return measure{
		Build:   time.Duration(pick(func(m measure) int64 { return int64(m.Build) })),
		Convert: time.Duration(pick(func(m measure) int64 { return int64(m.Convert) })),
		Diags:   ms[0].Diags,
		MaxRSS:  pick(func(m measure) int64 { return m.MaxRSS }),
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "hostile-markdown:", err)
	os.Exit(2)
}
