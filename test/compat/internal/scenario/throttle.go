package scenario

import (
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/heketi/heketi/v10/pkg/glusterfs/api"

	"heketi-ts/compat/internal/check"
)

// RunThrottle fires concurrent creates, one fresh client each as the
// provisioner does, and checks that every create ends well: the client
// retries its initial POST on 429 (waiting Retry-After when given) and
// never sees a 429 while polling /queue.
func RunThrottle(e *Env, concurrency int, expectThrottle bool) {
	clusterID, ok := e.NewCluster(6, 3, 4)
	if !ok {
		return
	}
	defer e.TearDown(clusterID)
	wires := make([]*check.Recorder, concurrency)
	ids := make([]string, concurrency)
	var wg sync.WaitGroup
	for i := range wires {
		wires[i] = check.NewRecorder()
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			ids[i] = throttledCreate(e, wires[i], clusterID)
		}(i)
	}
	wg.Wait()
	seen, withHeader := 0, 0
	for _, w := range wires {
		n, h := checkBackOff(e, w)
		seen, withHeader = seen+n, withHeader+h
	}
	fmt.Printf("throttle: %d creates, %d answers 429, %d of them with Retry-After\n", concurrency, seen, withHeader)
	if expectThrottle {
		e.Suite.True("throttle: server answered 429 at least once", seen > 0, "at least one 429", seen)
	}
}

func throttledCreate(e *Env, w *check.Recorder, clusterID string) string {
	// A 1-3 s spread (Heketi's client uses 10-30 s) keeps the retries of
	// concurrent clients from landing in the same instant every time.
	o := FastOptions()
	o.RetryMaxDelay = 3
	c := w.NewClient(e.Target.URL, e.Target.User, e.Target.Key, o)
	req := &api.VolumeCreateRequest{Size: 1, Clusters: []string{clusterID}, Gid: 2100}
	req.Durability = api.VolumeDurabilityInfo{Type: api.DurabilityReplicate, Replicate: api.ReplicaDurability{Replica: 3}}
	vol, err := c.VolumeCreate(req)
	if !e.Suite.Call("throttle: VolumeCreate", err) {
		for _, ex := range w.All() {
			fmt.Println("  ", ex.String())
		}
		return ""
	}
	return vol.Id
}

// checkBackOff checks each 429 in one client's log; it returns how many
// there were and how many carried Retry-After.
func checkBackOff(e *Env, w *check.Recorder) (int, int) {
	log := w.All()
	n, withHeader := 0, 0
	for i, ex := range log {
		if ex.Status != 429 {
			continue
		}
		n++
		if ex.Path != "/volumes" {
			e.Suite.Fail("throttle: 429 on "+ex.Path, "429 only on the initial POST /volumes, never on /queue", ex.String())
			continue
		}
		e.Suite.Equal("throttle: 429 body", "Server busy. Retry operation later.", trimNL(ex.RespBody))
		ra, err := strconv.Atoi(ex.RetryAfter)
		if err == nil {
			withHeader++
		}
		if err == nil && i+1 < len(log) {
			waited := log[i+1].At.Sub(ex.At)
			e.Suite.True("throttle: client waited Retry-After", waited >= time.Duration(ra)*time.Second,
				fmt.Sprintf(">= %ds before retrying", ra), waited.String())
		}
	}
	return n, withHeader
}

func trimNL(s string) string {
	for len(s) > 0 && (s[len(s)-1] == '\n' || s[len(s)-1] == '\r') {
		s = s[:len(s)-1]
	}
	return s
}
