"""The transport: the Starlette app, /graphql over HTTP and WebSocket, /explore, /export, health and metrics."""
