"""The edge's guards, shared by the websocket and the HTTP sides: who may create groups, which
pages may talk to us, and how much any one link, key or address may ask for (token buckets)."""
