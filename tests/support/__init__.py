"""Shared test harness: throwaway servers and the store implementations every suite runs on."""
