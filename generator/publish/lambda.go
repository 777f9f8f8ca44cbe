package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"cantiericomuni.it/banca/generator/search"
)

// zipLimit is the most a function's zip may weigh on AWS Lambda, which
// runs Netlify's functions (50 MB zipped, for a direct upload).
const zipLimit = 50_000_000

// warmSearches is how many searches measure the warm function.
const warmSearches = 200

// runLambda unpacks the function's zip and runs its bootstrap under the
// Runtime Interface Emulator rie, with the built site served on 127.0.0.1
// as the deploy's own address serves it ($BANCA_INDICE_URL), then sends it
// searches as API Gateway (REST, v1 proxy) events, which is what Netlify
// sends. The first search starts the function, which fetches the archive
// of the index from that server. It reports the zip's size, the first
// answer (cold start and fetch included) and the warm answers' p50 and p95.
func runLambda(zipFile, rie string) error {
	st, err := os.Stat(zipFile)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "banca-lambda-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	binSize, err := unpack(zipFile, dir)
	if err != nil {
		return err
	}
	fmt.Printf("lambda: %s, %.1f MB (bootstrap %.1f MB)\n", zipFile, float64(st.Size())/1e6, float64(binSize)/1e6)
	c := &checks{}
	if st.Size() > zipLimit {
		c.errorf("lo zip della funzione pesa %.1f MB, più dei %d MB ammessi da AWS Lambda", float64(st.Size())/1e6, zipLimit/1_000_000)
	}

	page, err := samplePage()
	if err != nil {
		return err
	}
	css, js, err := publishedAssets(public)
	if err != nil {
		return err
	}
	site, err := serveSite(public)
	if err != nil {
		return err
	}
	defer site.close()

	apiAddr, err := freeAddr()
	if err != nil {
		return err
	}
	runtimeAddr, err := freeAddr()
	if err != nil {
		return err
	}
	logFile := filepath.Join(dir, "rie.log")
	log, err := os.Create(logFile)
	if err != nil {
		return err
	}
	defer log.Close()
	cmd := exec.Command(rie, "--runtime-interface-emulator-address", apiAddr,
		"--runtime-api-address", runtimeAddr, "./bootstrap")
	cmd.Dir, cmd.Stdout, cmd.Stderr = dir, log, log
	// The emulator hands the function the variables that are not
	// AWS's own: the site's address to fetch the index from.
	cmd.Env = append(os.Environ(), "BANCA_INDICE_URL="+site.URL)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("avvio di %s: %w", rie, err)
	}
	defer stop(cmd)
	if err := waitListening(apiAddr, 10*time.Second); err != nil {
		return err
	}
	invoke := invoker("http://" + apiAddr + "/2015-03-31/functions/function/invocations")

	// The first answer includes the cold start: the emulator starts the
	// bootstrap on the first invocation, which fetches the index.
	t0 := time.Now()
	res, err := invoke(apiEvent(search.APIPath, "q", page.Title))
	if err != nil {
		return err
	}
	first := time.Since(t0)
	firstCPU, measured := childCPU(cmd.Process.Pid, "bootstrap")
	checkJSON(c, res, func(r *search.Response) {
		urls := []string{}
		for _, h := range r.Hits {
			urls = append(urls, h.URL)
		}
		if !slices.Contains(urls, page.URL) {
			c.errorf("cercando %q manca %s tra i risultati %v", page.Title, page.URL, urls)
		}
	})

	if page.Other != "" {
		res, err = invoke(apiEvent(search.APIPath, "q", "", "sezione", page.Section, "sezione", page.Other))
		if err != nil {
			return err
		}
		checkJSON(c, res, func(r *search.Response) {
			if r.Total == 0 {
				c.errorf("nessuna scheda con i filtri sezione=%s,%s", page.Section, page.Other)
			}
			for _, h := range r.Hits {
				if h.Section != page.Section && h.Section != page.Other {
					c.errorf("filtro sezione: %s è in %s", h.URL, h.Section)
				}
			}
		})
	}

	res, err = invoke(apiEvent(search.PagePath, "q", page.Title))
	if err != nil {
		return err
	}
	switch {
	case res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Headers["Content-Type"], "text/html"):
		c.errorf("%s: stato %d, %s", search.PagePath, res.StatusCode, res.Headers["Content-Type"])
	default:
		for _, want := range []string{`href="` + page.URL + `"`, `href="` + css + `"`, `src="` + js + `"`,
			`http-equiv="Content-Security-Policy"`} {
			if !strings.Contains(res.Body, want) {
				c.errorf("%s: la pagina dei risultati non contiene %s", search.PagePath, want)
			}
		}
	}
	if res.Headers["X-Frame-Options"] != "DENY" {
		c.errorf("%s: X-Frame-Options %q", search.PagePath, res.Headers["X-Frame-Options"])
	}

	post := apiEvent(search.APIPath, "q", "bandi")
	post.HTTPMethod = http.MethodPost
	if res, err = invoke(post); err != nil {
		return err
	} else if res.StatusCode != http.StatusMethodNotAllowed {
		c.errorf("POST %s: stato %d, atteso 405", search.APIPath, res.StatusCode)
	}

	// Warm answers: readers' searches.
	var warm []time.Duration
	late := 0
	warmFrom, _ := childCPU(cmd.Process.Pid, "bootstrap")
	for i := 0; i < warmSearches; i++ {
		ev := warmEvent(i)
		t := time.Now()
		res, err := invoke(ev)
		if err != nil {
			return err
		}
		warm = append(warm, time.Since(t))
		switch {
		case res.StatusCode == http.StatusServiceUnavailable && res.Headers["Retry-After"] != "":
			// A search out of time (2 s) or turned away by the queue:
			// the handler's answer to a machine that cannot keep up,
			// counted in the figures.
			late++
		case res.StatusCode != http.StatusOK:
			c.errorf("%s %v: stato %d", ev.Path, ev.QueryStringParameters, res.StatusCode)
		}
	}
	warmTo, _ := childCPU(cmd.Process.Pid, "bootstrap")
	if n := site.archives.Load(); n != 1 {
		c.errorf("l'archivio dell'indice è stato scaricato %d volte, non una", n)
	}
	if err := c.err(); err != nil {
		logged, _ := os.ReadFile(logFile)
		return fmt.Errorf("%w\nfunzione:\n%s", err, logged)
	}
	logged, _ := os.ReadFile(logFile)
	cold := ""
	if m := regexp.MustCompile(`cold start in ([^\s:]+)`).FindSubmatch(logged); m != nil {
		cold = " (avvio della funzione con l'indice pronto: " + string(m[1]) + ")"
	}
	cpu, warmCPU := "", ""
	if measured {
		cpu = fmt.Sprintf(", CPU della funzione %s", ms(firstCPU))
		warmCPU = fmt.Sprintf(", CPU della funzione in media %s a ricerca", ms((warmTo-warmFrom)/time.Duration(len(warm))))
	}
	sorted := sortedCopy(warm)
	fmt.Printf("lambda: ricerca, filtri, pagina dei risultati e 405 come previsto; indice scaricato una volta da %s\n", site.URL)
	fmt.Printf("lambda: zip %.1f MB; prima risposta %s%s%s; poi %d ricerche: p50 %s, p95 %s, massimo %s%s; %d risposte 503 (fuori tempo)\n",
		float64(st.Size())/1e6, ms(first), cold, cpu, len(warm), ms(percentile(sorted, 50)), ms(percentile(sorted, 95)),
		ms(sorted[len(sorted)-1]), warmCPU, late)
	return nil
}

// warmQueries are readers' searches, those of the search package's
// benchmark (generator/search/bench_test.go): words, typos, filters,
// orders, browsing.
var warmQueries = []string{
	"q=bandi+giovani",
	"q=bando&sezione=opportunita&aperte=si",
	"q=povert%C3%A0+educativa&argomenti=scuola&argomenti=famiglie",
	"q=accesibilit%C3%A0",
	"q=laboratori+teatro&sort=date",
	"q=&sezione=pratiche&territori=bologna",
	"q=doposcuola&destinatari=ragazzi&sort=deadline",
	"q=volontari+estate",
	"q=orti+condivisi+quartiere",
	"q=formazione+operatori&cantieri=ferrara",
}

// warmEvent is the i-th search of the warm series, on the API.
func warmEvent(i int) events.APIGatewayProxyRequest {
	v, _ := url.ParseQuery(warmQueries[i%len(warmQueries)])
	var params []string
	for _, k := range slices.Sorted(maps.Keys(v)) {
		for _, val := range v[k] {
			params = append(params, k, val)
		}
	}
	return apiEvent(search.APIPath, params...)
}

// unpack extracts the zip into dir, checking that it is what Netlify
// deploys for a Go function: the binary as bootstrap (the custom runtime's
// entry point) and netlify-toolchain naming the runtime. It returns the
// size of the binary.
func unpack(zipFile, dir string) (int64, error) {
	zr, err := zip.OpenReader(zipFile)
	if err != nil {
		return 0, err
	}
	defer zr.Close()
	var names []string
	var size int64
	for _, f := range zr.File {
		names = append(names, f.Name)
		if f.Name != "bootstrap" && f.Name != "netlify-toolchain" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return 0, err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return 0, err
		}
		switch f.Name {
		case "bootstrap":
			if !bytes.HasPrefix(data, []byte("\x7fELF")) {
				return 0, failed{"bootstrap non è un eseguibile ELF"}
			}
			size = int64(len(data))
			if err := os.WriteFile(filepath.Join(dir, "bootstrap"), data, 0o755); err != nil {
				return 0, err
			}
		case "netlify-toolchain":
			var tc struct{ Runtime string }
			if json.Unmarshal(data, &tc) != nil || tc.Runtime != "go" {
				return 0, failed{fmt.Sprintf("netlify-toolchain: %q", data)}
			}
		}
	}
	slices.Sort(names)
	if !slices.Equal(names, []string{"bootstrap", "netlify-toolchain"}) {
		return 0, failed{fmt.Sprintf("lo zip contiene %v, attesi bootstrap e netlify-toolchain", names)}
	}
	return size, nil
}

// publishedAssets finds the fingerprinted stylesheet and script in the
// built site.
func publishedAssets(public string) (css, js string, err error) {
	for _, a := range []struct {
		dir, pattern string
		out          *string
	}{{"css", "main.*.css", &css}, {"js", "cerca.*.js", &js}} {
		m, _ := filepath.Glob(filepath.Join(public, a.dir, a.pattern))
		if len(m) != 1 {
			return "", "", failed{fmt.Sprintf("%s/%s/%s: %d file", public, a.dir, a.pattern, len(m))}
		}
		*a.out = "/" + a.dir + "/" + filepath.Base(m[0])
	}
	return css, js, nil
}

// apiEvent is a GET event for path with the query params (name, value,
// …), as Netlify sends it: every parameter in the multi-value map, and
// joined with ", " in the single-value one.
func apiEvent(path string, params ...string) events.APIGatewayProxyRequest {
	ev := events.APIGatewayProxyRequest{HTTPMethod: http.MethodGet, Path: path, Resource: path,
		Headers:                         map[string]string{"host": "banca.cantiericomuni.it", "accept": "*/*"},
		MultiValueHeaders:               map[string][]string{"host": {"banca.cantiericomuni.it"}, "accept": {"*/*"}},
		QueryStringParameters:           map[string]string{},
		MultiValueQueryStringParameters: map[string][]string{}}
	for i := 0; i+1 < len(params); i += 2 {
		k, v := params[i], params[i+1]
		ev.MultiValueQueryStringParameters[k] = append(ev.MultiValueQueryStringParameters[k], v)
		ev.QueryStringParameters[k] = strings.Join(ev.MultiValueQueryStringParameters[k], ", ")
	}
	ev.RequestContext.HTTPMethod, ev.RequestContext.Path = ev.HTTPMethod, path
	return ev
}

// invoker posts events to the emulator's invocation endpoint.
func invoker(endpoint string) func(events.APIGatewayProxyRequest) (*events.APIGatewayProxyResponse, error) {
	client := &http.Client{Timeout: 30 * time.Second}
	return func(ev events.APIGatewayProxyRequest) (*events.APIGatewayProxyResponse, error) {
		body, err := json.Marshal(ev)
		if err != nil {
			return nil, err
		}
		resp, err := client.Post(endpoint, "application/json", bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		data, err := io.ReadAll(resp.Body)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("emulatore: stato %d: %s", resp.StatusCode, data)
		}
		var out events.APIGatewayProxyResponse
		if err := json.Unmarshal(data, &out); err != nil || out.StatusCode == 0 {
			return nil, fmt.Errorf("la funzione non ha risposto con un evento API Gateway: %.300s", data)
		}
		return &out, nil
	}
}

// checkJSON checks a JSON answer of the API and hands it to more.
func checkJSON(c *checks, res *events.APIGatewayProxyResponse, more func(*search.Response)) {
	if res.StatusCode != http.StatusOK || res.Headers["Content-Type"] != "application/json; charset=utf-8" {
		c.errorf("%s: stato %d, Content-Type %q: %.200s", search.APIPath, res.StatusCode, res.Headers["Content-Type"], res.Body)
		return
	}
	var r search.Response
	if err := json.Unmarshal([]byte(res.Body), &r); err != nil {
		c.errorf("%s: %v", search.APIPath, err)
		return
	}
	more(&r)
}

// freeAddr is a free port on the loopback address.
func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// waitListening waits until something accepts connections at addr.
func waitListening(addr string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			c.Close()
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("nessuno risponde su %s dopo %s", addr, limit)
}

// stop ends the process group of cmd: SIGTERM, then SIGKILL after 5 s.
func stop(cmd *exec.Cmd) {
	if cmd.Process == nil {
		return
	}
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
	}
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
}
