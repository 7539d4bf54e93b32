package check

import (
	"bytes"
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	client "github.com/heketi/heketi/v10/client/api/go-client"
)

// Exchange is one HTTP request and the server's answer to it.
type Exchange struct {
	At         time.Time
	Method     string
	Path       string
	ReqBody    string
	Status     int
	RetryAfter string
	Location   string
	RespBody   string
}

// String renders the exchange for a failure message.
func (e Exchange) String() string {
	s := fmt.Sprintf("%s %s", e.Method, e.Path)
	if e.ReqBody != "" {
		s += " body=" + clip(e.ReqBody)
	}
	s += fmt.Sprintf(" -> %d", e.Status)
	if e.Location != "" {
		s += " Location=" + e.Location
	}
	if e.RetryAfter != "" {
		s += " Retry-After=" + e.RetryAfter
	}
	if e.RespBody != "" {
		s += " body=" + clip(e.RespBody)
	}
	return s
}

func clip(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 600 {
		return s[:600] + "..."
	}
	return s
}

// Recorder is an http.RoundTripper that keeps every exchange it carries.
type Recorder struct {
	mu   sync.Mutex
	log  []Exchange
	next http.RoundTripper
}

// NewRecorder wraps the default transport.
func NewRecorder() *Recorder {
	return &Recorder{next: http.DefaultTransport}
}

// RoundTrip forwards the request and records it with the response.
func (r *Recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	ex := Exchange{At: time.Now(), Method: req.Method, Path: req.URL.Path}
	if req.Body != nil {
		b, _ := io.ReadAll(req.Body)
		req.Body.Close()
		req.Body = io.NopCloser(bytes.NewReader(b))
		ex.ReqBody = string(b)
	}
	resp, err := r.next.RoundTrip(req)
	if err != nil {
		ex.RespBody = "transport error: " + err.Error()
		r.add(ex)
		return nil, err
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(b))
	ex.Status = resp.StatusCode
	ex.RetryAfter = resp.Header.Get("Retry-After")
	ex.Location = resp.Header.Get("Location")
	ex.RespBody = string(b)
	r.add(ex)
	return resp, nil
}

func (r *Recorder) add(ex Exchange) {
	r.mu.Lock()
	r.log = append(r.log, ex)
	r.mu.Unlock()
}

// Last returns up to n of the most recent exchanges, oldest first.
func (r *Recorder) Last(n int) []Exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.log) < n {
		n = len(r.log)
	}
	return append([]Exchange(nil), r.log[len(r.log)-n:]...)
}

// All returns every exchange recorded so far.
func (r *Recorder) All() []Exchange {
	return r.Last(1 << 30)
}

// ClientFunc plugs the recorder into Heketi's Go client; it keeps the
// client's own redirect hook so the 303 is re-signed as in production.
func (r *Recorder) ClientFunc() client.ClientFunc {
	return func(_ *tls.Config, redirect client.CheckRedirectFunc) (client.HttpPerformer, error) {
		return &http.Client{Transport: r, CheckRedirect: redirect}, nil
	}
}

// NewClient builds a Heketi Go client whose traffic goes through r.
func (r *Recorder) NewClient(url, user, key string, opts client.ClientOptions) *client.Client {
	c := client.NewClientWithOptions(url, user, key, opts)
	c.SetClientFunc(r.ClientFunc())
	return c
}
