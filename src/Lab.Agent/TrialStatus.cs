namespace Lab.Agent;

public enum TrialStatus { Finished, StoppedEarly, Failed, Interrupted }
