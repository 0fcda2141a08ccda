package transport

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/parcelkit/tracking"
)

// checkRetry decides whether to retry and how long to wait first. It
// returns an error only to stop the call with that error.
func (c *call) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	c.attempt++ // the loop asks once per attempt, right after it
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	policy := c.t.cfg.policy
	if err != nil {
		var le *limiterError
		if errors.As(err, &le) {
			if c.debugging(ctx) {
				c.debug(ctx, "rate limiter refused the attempt", "error", c.scrub(le.err.Error()))
			}
			return false, le
		}
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return false, err
		}
		err = stripURL(err)
		if c.debugging(ctx) {
			c.debug(ctx, "attempt failed", "error", c.scrub(err.Error()))
		}
		if resp != nil {
			// Only a refusing redirect policy makes http.Client return an
			// answer with its error: the call ends with that error.
			return false, nil
		}
		if !c.idem && c.st.didWrite() {
			// The provider may have processed it: repeating could duplicate a write.
			c.debug(ctx, "not retried: the request was sent and may have been processed")
			return false, nil
		}
		return c.retry(ctx, connErrorCost, 0, false, nil, err)
	}

	verdict := c.verdict(resp)
	if c.debugging(ctx) {
		c.debug(ctx, "attempt answered", "status", resp.StatusCode, "verdict", verdict.String())
	}
	wait, explicit := RetryAfter(resp.Header, time.Now())
	switch verdict {
	case RateLimited:
		if explicit && wait > policy.MaxRetryAfter {
			return false, c.stop(tracking.ErrRateLimited, resp, wait,
				"the provider's Retry-After is longer than RetryPolicy.MaxRetryAfter", nil)
		}
		return c.retry(ctx, retryCost, wait, true, resp, nil)
	case Retryable:
		if !c.idem {
			c.debug(ctx, "not retried: the request is not idempotent")
			return false, nil
		}
		if explicit && wait > policy.MaxRetryAfter {
			return false, nil // hand the answer on; its error carries RetryAfter
		}
		return c.retry(ctx, retryCost, wait, false, resp, nil)
	}
	if resp.StatusCode < 500 {
		// The provider is answering: refill the budget.
		c.t.cfg.budget.refund(c.st.refund())
	}
	return false, nil
}

// retry schedules a retry after wait (or the backoff when wait is zero),
// unless the retries are spent, the wait would end past ctx's deadline or
// the budget is spent. rateLimited says the provider asked us to slow
// down: then a wait we cannot honour fails the call with ErrRateLimited
// instead of handing the answer on.
func (c *call) retry(ctx context.Context, cost int, wait time.Duration, rateLimited bool, resp *http.Response, cause error) (bool, error) {
	policy := c.t.cfg.policy
	if c.attempt > policy.MaxRetries {
		c.debug(ctx, "not retried: retries spent")
		return false, nil // hand on the last answer or failure; keep the budget
	}
	if wait <= 0 {
		wait = backoff(policy, c.attempt)
	}
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
		if rateLimited {
			return false, c.stop(tracking.ErrRateLimited, resp, wait,
				"waiting as the provider asked would pass the call's deadline", nil)
		}
		c.debug(ctx, "not retried: the wait would pass the call's deadline", "wait", wait)
		return false, nil
	}
	if !c.t.cfg.budget.take(cost) {
		kind := tracking.ErrUnavailable
		if rateLimited {
			kind = tracking.ErrRateLimited
		}
		c.debug(ctx, "not retried: retry budget exhausted")
		return false, c.stop(kind, resp, 0,
			"retry budget exhausted: the provider keeps failing, so calls fail fast until it recovers", cause)
	}
	c.rc.RetryWaitMin = wait // for chosenWait
	c.st.spent(cost)
	if c.debugging(ctx) {
		c.debug(ctx, "retrying", "wait", wait)
	}
	return true, nil
}

// backoff is exponential with equal jitter: the attempt's step d is
// MinWait doubled per attempt up to MaxWait, and the wait is drawn from
// [d/2, d], half fixed and half random, so that a fleet does not retry in
// step.
func backoff(p RetryPolicy, attempt int) time.Duration {
	d := p.MinWait
	for i := 1; i < attempt && d < p.MaxWait; i++ {
		if d > p.MaxWait/2 {
			d = p.MaxWait
			break
		}
		d *= 2
	}
	d = min(d, p.MaxWait)
	if d <= 0 {
		return 0
	}
	half := d / 2
	return half + rand.N(d-half+1)
}
