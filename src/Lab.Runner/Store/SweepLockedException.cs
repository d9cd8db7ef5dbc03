namespace Lab.Runner.Store;

/// <summary>A second sweep tried to write a results folder that a running sweep holds.</summary>
internal sealed class SweepLockedException(string message) : Exception(message);
