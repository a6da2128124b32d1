// Live updates: a server-sent event stream where the server serves one, else polling.
// A stream that fails before its first event (404 on a server without streams, 401/403, wrong
// content type) is given up for polling at once; one that drops later reconnects by itself,
// and falls back to polling only if the browser gives up on it (readyState CLOSED).

/**
 * @param {object} o
 * @param {string} o.url        the stream's address (with ?access_token=)
 * @param {object} o.events     event name -> handler(parsed JSON)
 * @param {function} o.poll     async () => void: one poll (fetch and apply)
 * @param {function} [o.interval] () => milliseconds until the next poll (default 1000)
 * @param {function} [o.onMode] called with 'stream' or 'poll' when the mode is known
 * @param {function} [o.onError] called with a poll's error (polling goes on)
 * @returns {{stop: function}}
 */
export function follow({ url, events, poll, interval = () => 1000, onMode = () => {}, onError = () => {} }) {
  let stopped = false;
  let source = null;
  let timer = null;

  const startPolling = () => {
    if (stopped || timer !== null) return;
    onMode('poll');
    const tick = async () => {
      if (stopped) return;
      try {
        await poll();
      } catch (e) {
        onError(e);
      }
      if (!stopped) timer = setTimeout(tick, interval());
    };
    timer = setTimeout(tick, 0);
  };

  if (typeof EventSource === 'function') {
    let received = false;
    source = new EventSource(url);
    for (const [name, handler] of Object.entries(events)) {
      source.addEventListener(name, event => {
        if (stopped) return;
        if (!received) {
          received = true;
          onMode('stream');
        }
        let data;
        try {
          data = JSON.parse(event.data);
        } catch (e) {
          return;
        }
        handler(data);
      });
    }
    source.onerror = () => {
      if (stopped) return;
      if (!received || source.readyState === EventSource.CLOSED) {
        source.close();
        source = null;
        startPolling();
      }
    };
  } else {
    startPolling();
  }

  return {
    stop() {
      stopped = true;
      if (source) source.close();
      if (timer !== null) clearTimeout(timer);
    },
  };
}
