// Package lambdahttp serves an http.Handler to the API Gateway proxy
// events in which Netlify Functions (AWS Lambda) receive requests: one
// event becomes an http.Request, what the handler writes becomes the
// event's response. Both of the site's functions (search, anteprima) go
// through it.
package lambdahttp

import (
	"bytes"
	"context"
	"encoding/base64"
	"net/http"
	"net/url"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"
)

// Serve answers ev with h. Every answer starts with the headers of base
// (nil for none), which the handler may change; an event that is not a
// valid request (a body that is not the base64 it claims) is answered 400
// with them, without calling h.
func Serve(ctx context.Context, h http.Handler, ev events.APIGatewayProxyRequest, base http.Header) events.APIGatewayProxyResponse {
	rec := &recorder{header: base.Clone()}
	if rec.header == nil {
		rec.header = http.Header{}
	}
	req, err := Request(ctx, ev)
	if err != nil {
		rec.header.Set("Content-Type", "text/plain; charset=utf-8")
		rec.header.Set("Cache-Control", "no-store")
		rec.WriteHeader(http.StatusBadRequest)
		rec.body.WriteString("richiesta non valida")
		return rec.response()
	}
	h.ServeHTTP(rec, req)
	return rec.response()
}

// Request turns an API Gateway event into an http.Request. Netlify gives
// the path the reader asked for (/cerca/, /api/search), not the
// function's. A parameter given more than once is in
// multiValueQueryStringParameters as a list, and in queryStringParameters
// joined with ", ", so the list wins; headers come from both maps the same
// way. The body of a GET or HEAD is left out; one marked base64 is decoded.
func Request(ctx context.Context, ev events.APIGatewayProxyRequest) (*http.Request, error) {
	method := ev.HTTPMethod
	if method == "" {
		method = http.MethodGet
	}
	p := ev.Path
	if p == "" || p[0] != '/' {
		p = "/" + p
	}
	q := url.Values{}
	for k, vs := range ev.MultiValueQueryStringParameters {
		q[k] = append([]string(nil), vs...)
	}
	for k, v := range ev.QueryStringParameters {
		if _, ok := q[k]; !ok {
			q.Set(k, v)
		}
	}
	u := &url.URL{Path: path.Clean(p), RawQuery: q.Encode()}
	if strings.HasSuffix(p, "/") && u.Path != "/" {
		u.Path += "/"
	}
	var body []byte
	switch {
	case method == http.MethodGet || method == http.MethodHead:
		// A body on these has no meaning: it is left out, whatever it is.
	case ev.IsBase64Encoded:
		var err error
		if body, err = base64.StdEncoding.DecodeString(ev.Body); err != nil {
			return nil, err
		}
	default:
		body = []byte(ev.Body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	for k, vs := range ev.MultiValueHeaders {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	for k, v := range ev.Headers {
		if _, ok := req.Header[http.CanonicalHeaderKey(k)]; !ok {
			req.Header.Set(k, v)
		}
	}
	req.Host = req.Header.Get("Host")
	req.RemoteAddr = ev.RequestContext.Identity.SourceIP
	return req, nil
}

// recorder is the http.ResponseWriter the handler writes to.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *recorder) Write(p []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	return r.body.Write(p)
}

// response turns what the handler wrote into an API Gateway response: a
// header with one value in Headers, one with several in
// MultiValueHeaders; text as it is, anything else in base64.
func (r *recorder) response() events.APIGatewayProxyResponse {
	r.WriteHeader(http.StatusOK)
	out := events.APIGatewayProxyResponse{StatusCode: r.status, Headers: map[string]string{}}
	for k, vs := range r.header {
		if len(vs) == 1 {
			out.Headers[k] = vs[0]
			continue
		}
		if out.MultiValueHeaders == nil {
			out.MultiValueHeaders = map[string][]string{}
		}
		out.MultiValueHeaders[k] = vs
	}
	data := r.body.Bytes()
	if r.header.Get("Content-Encoding") == "" && utf8.Valid(data) {
		out.Body = string(data)
	} else {
		out.Body = base64.StdEncoding.EncodeToString(data)
		out.IsBase64Encoded = true
	}
	return out
}
