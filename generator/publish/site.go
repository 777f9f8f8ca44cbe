package main

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"cantiericomuni.it/banca/generator/pipeline"
	"cantiericomuni.it/banca/generator/search"
)

// The checks read the site as `netlify build` left it: public/ and the
// search bundle. (Building it again in memory, as the configuration check
// does to know its aliases, would cost a minute at 50,000 pages.)
const (
	public = "public"
	bundle = pipeline.DefaultBundle
)

// sample is a page the checks search for.
type sample struct {
	Title, URL, Section string
	// Other is the key of another listed section with pages (buone
	// pratiche), for a search filtered by two sections.
	Other string
}

// samplePage is the newest page of a section with a lifecycle (an
// opportunity) in the built site's search index, opened as the function
// opens it (from the archive in public/): searching its title must find
// it. Its page must be in public/.
func samplePage() (*sample, error) {
	ix, err := search.OpenBundle(bundle, public)
	if err != nil {
		return nil, err
	}
	defer ix.Close()
	var section string
	for _, sec := range ix.Meta.Sections {
		if ix.Meta.Lifecycles[sec.Value] != nil && sec.URL != "" {
			section = sec.Value
			break
		}
	}
	if section == "" {
		return nil, fmt.Errorf("nessuna sezione con un ciclo di vita (schema.yaml: lifecycle) nell'indice")
	}
	ctx := context.Background()
	res, err := ix.Search(ctx, search.Request{Filters: map[string][]string{search.SectionKey: {section}}, Sort: search.SortDate, Page: 1}, time.Now())
	if err != nil {
		return nil, err
	}
	if len(res.Hits) == 0 {
		return nil, fmt.Errorf("nessuna scheda della sezione %s nell'indice", section)
	}
	h := res.Hits[0]
	s := &sample{Title: h.Title, URL: h.URL, Section: section}
	if _, err := os.Stat(filepath.Join(public, filepath.FromSlash(h.URL), "index.html")); err != nil {
		return nil, failed{fmt.Sprintf("%s è nell'indice ma non nel sito: %v", h.URL, err)}
	}
	all, err := ix.Search(ctx, search.Request{Page: 1}, time.Now())
	if err != nil {
		return nil, err
	}
	for _, v := range all.Facets[search.SectionKey] {
		if v.Value != section && v.Count > 0 {
			s.Other = v.Value
			break
		}
	}
	return s, nil
}

// firstAlias is the first rule of public/_redirects (an alias of the
// content), "" when there is none.
func firstAlias() (from, to string, err error) {
	f, err := os.Open(filepath.Join(public, "_redirects"))
	if os.IsNotExist(err) {
		return "", "", nil
	}
	if err != nil {
		return "", "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if fields := strings.Fields(sc.Text()); len(fields) >= 2 && !strings.HasPrefix(fields[0], "#") {
			return fields[0], fields[1], nil
		}
	}
	return "", "", sc.Err()
}

// siteServer serves the built site on 127.0.0.1, as the deploy's own
// address serves it to the function, counting the requests for the
// archive of the index.
type siteServer struct {
	URL      string
	srv      *http.Server
	archives atomic.Int32
}

func serveSite(dir string) (*siteServer, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &siteServer{URL: "http://" + l.Addr().String()}
	files := http.FileServer(http.Dir(dir))
	s.srv = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/"+search.ArchiveDir+"/") {
			s.archives.Add(1)
		}
		files.ServeHTTP(w, r)
	}), ReadHeaderTimeout: 10 * time.Second}
	go s.srv.Serve(l)
	return s, nil
}

func (s *siteServer) close() { s.srv.Close() }

// percentile is the p-th percentile (0–100) of sorted durations.
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, (len(sorted)*p+99)/100-1)]
}

// sortedCopy returns the durations in increasing order.
func sortedCopy(d []time.Duration) []time.Duration {
	out := slices.Clone(d)
	slices.Sort(out)
	return out
}

// clockTicks is the unit of the CPU times of /proc/PID/stat (USER_HZ,
// 100 on Linux).
const clockTicks = 100

// childCPU is the CPU time (user and system) the process named name, a
// child of the process parent, has used so far, read from /proc (Linux);
// false when there is no such process. On a machine shared with other
// work it says what the function cost, where wall times say how long it
// waited too.
func childCPU(parent int, name string) (time.Duration, bool) {
	dirs, _ := os.ReadDir("/proc")
	for _, d := range dirs {
		data, err := os.ReadFile(filepath.Join("/proc", d.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid … utime stime: fields 4, 14 and 15.
		s := string(data)
		open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if open < 0 || end < open || s[open+1:end] != name {
			continue
		}
		f := strings.Fields(s[end+1:])
		if len(f) < 13 || f[1] != strconv.Itoa(parent) {
			continue
		}
		user, _ := strconv.ParseInt(f[11], 10, 64)
		sys, _ := strconv.ParseInt(f[12], 10, 64)
		return time.Duration(user+sys) * time.Second / clockTicks, true
	}
	return 0, false
}
