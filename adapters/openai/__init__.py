"""Model adapters for OpenAI's Responses API and for servers that speak only Chat Completions."""
