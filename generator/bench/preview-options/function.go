package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"cantiericomuni.it/banca/generator/pipeline"
	"cantiericomuni.it/banca/generator/preview"
	"cantiericomuni.it/banca/generator/project"
)

// functionFigures are the preview function's measures: sizes in bytes,
// times in milliseconds.
type functionFigures struct {
	binary, zip int
	cold, warm  float64
}

// measureFunction builds the preview function as Netlify builds it, with
// the bundle of res, and runs it under the Lambda Runtime Interface
// Emulator rie: five cold starts (the first answer of a fresh process),
// then runs updates on a warm one.
func measureFunction(rie, contentDir string, res *pipeline.Result, req *preview.Request, runs int) (*functionFigures, error) {
	if err := preview.WriteBundle(preview.DefaultBundle, project.Dir(".", contentDir), res); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "banca-preview-fn-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "bootstrap")
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w", "-tags", "lambda.norpc", "-o", bin, "./generator/functions/anteprima")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH=amd64")
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go build: %v\n%s", err, out)
	}
	f := &functionFigures{}
	data, err := os.ReadFile(bin)
	if err != nil {
		return nil, err
	}
	f.binary = len(data)
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	w, _ := zw.Create("bootstrap")
	w.Write(data)
	zw.Close()
	f.zip = zb.Len()

	body, _ := json.Marshal(req)
	event, _ := json.Marshal(events.APIGatewayProxyRequest{HTTPMethod: "POST", Path: preview.APIPath,
		Headers: map[string]string{"Content-Type": "application/json"}, Body: string(body)})
	var colds []float64
	for i := range 5 {
		api, run := freeAddr(), freeAddr()
		c := exec.Command(rie, "--runtime-interface-emulator-address", api, "--runtime-api-address", run, "./bootstrap")
		c.Dir = dir
		c.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		if err := c.Start(); err != nil {
			return nil, err
		}
		stop := func() { _ = syscall.Kill(-c.Process.Pid, syscall.SIGKILL); _ = c.Wait() }
		if err := waitListening(api); err != nil {
			stop()
			return nil, err
		}
		url := "http://" + api + "/2015-03-31/functions/function/invocations"
		t0 := time.Now()
		if err := invoke(url, event); err != nil {
			stop()
			return nil, err
		}
		colds = append(colds, float64(time.Since(t0).Microseconds())/1000)
		if i == 0 {
			var warm []float64
			for range runs {
				t := time.Now()
				if err := invoke(url, event); err != nil {
					stop()
					return nil, err
				}
				warm = append(warm, float64(time.Since(t).Microseconds())/1000)
			}
			f.warm = median(warm)
		}
		stop()
	}
	f.cold = median(colds)
	return f, nil
}

// invoke sends one event and checks that the function answered a preview.
func invoke(url string, event []byte) error {
	resp, err := http.Post(url, "application/json", bytes.NewReader(event))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var out events.APIGatewayProxyResponse
	if err := json.Unmarshal(data, &out); err != nil || out.StatusCode != http.StatusOK {
		return fmt.Errorf("the function answered %d: %.300s", out.StatusCode, data)
	}
	return nil
}

func freeAddr() string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func waitListening(addr string) error {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("the emulator does not listen on %s", addr)
}
