package lambdahttp

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

// TestRequest checks the conversion of an event: the path as given,
// every value of a repeated parameter, headers from both maps, the body
// as sent or decoded from base64.
func TestRequest(t *testing.T) {
	ev := events.APIGatewayProxyRequest{HTTPMethod: http.MethodGet, Path: "/cerca/",
		QueryStringParameters:           map[string]string{"q": "bandi, giovani", "argomenti": "scuola, sport", "only-single": "x"},
		MultiValueQueryStringParameters: map[string][]string{"q": {"bandi, giovani"}, "argomenti": {"scuola", "sport"}},
		Headers:                         map[string]string{"host": "banca.example", "x-single": "c"},
		MultiValueHeaders:               map[string][]string{"host": {"banca.example"}, "x-multi": {"a", "b"}}}
	ev.RequestContext.Identity.SourceIP = "203.0.113.7"
	req, err := Request(context.Background(), ev)
	if err != nil {
		t.Fatal(err)
	}
	q := req.URL.Query()
	if req.URL.Path != "/cerca/" || q.Get("q") != "bandi, giovani" || len(q["argomenti"]) != 2 || q.Get("only-single") != "x" {
		t.Errorf("path %q query %v", req.URL.Path, q)
	}
	if got := req.Header.Values("X-Multi"); len(got) != 2 || req.Header.Get("X-Single") != "c" || req.Host != "banca.example" {
		t.Errorf("headers %v host %q", req.Header, req.Host)
	}
	if req.RemoteAddr != "203.0.113.7" {
		t.Errorf("RemoteAddr %q", req.RemoteAddr)
	}
	for _, c := range []struct {
		body   string
		base64 bool
		want   string
	}{{`{"a": 1}`, false, `{"a": 1}`}, {base64.StdEncoding.EncodeToString([]byte("è\x00")), true, "è\x00"}} {
		req, err := Request(context.Background(), events.APIGatewayProxyRequest{HTTPMethod: "POST", Path: "api/anteprima",
			Body: c.body, IsBase64Encoded: c.base64})
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(req.Body)
		if string(got) != c.want || req.URL.Path != "/api/anteprima" {
			t.Errorf("body %q at %s, want %q", got, req.URL.Path, c.want)
		}
	}
}

// TestServe checks the conversion of the handler's answer: the base
// headers, headers with several values, bodies that are not text, an
// event whose body is not the base64 it claims.
func TestServe(t *testing.T) {
	base := http.Header{"X-Content-Type-Options": {"nosniff"}}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Encoding")
		w.Header().Add("Vary", "Cookie")
		w.Header().Set("Content-Type", "application/octet-stream")
		w.WriteHeader(http.StatusTeapot)
		w.Write([]byte{0xff, 0x00, 0xfe})
	})
	res := Serve(context.Background(), h, events.APIGatewayProxyRequest{Path: "/api/search"}, base)
	if res.StatusCode != http.StatusTeapot || len(res.MultiValueHeaders["Vary"]) != 2 ||
		res.Headers["Content-Type"] != "application/octet-stream" || res.Headers["X-Content-Type-Options"] != "nosniff" {
		t.Errorf("%d %v %v", res.StatusCode, res.Headers, res.MultiValueHeaders)
	}
	if data, err := base64.StdEncoding.DecodeString(res.Body); !res.IsBase64Encoded || err != nil || !bytes.Equal(data, []byte{0xff, 0x00, 0xfe}) {
		t.Errorf("binary body: %v %q", res.IsBase64Encoded, res.Body)
	}
	if len(base) != 1 {
		t.Errorf("the handler changed the base headers: %v", base)
	}
	// A handler that writes nothing answers 200 with no body.
	res = Serve(context.Background(), http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}), events.APIGatewayProxyRequest{}, nil)
	if res.StatusCode != http.StatusOK || res.Body != "" {
		t.Errorf("%d %q", res.StatusCode, res.Body)
	}
	// A body that is not base64 never reaches the handler.
	res = Serve(context.Background(), h, events.APIGatewayProxyRequest{HTTPMethod: "POST", Body: "%%%", IsBase64Encoded: true}, base)
	if res.StatusCode != http.StatusBadRequest || res.Headers["Cache-Control"] != "no-store" || res.Headers["X-Content-Type-Options"] != "nosniff" {
		t.Errorf("bad base64: %d %v", res.StatusCode, res.Headers)
	}
}
