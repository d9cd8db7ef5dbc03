namespace Lab.Runner.Rendering;

/// <summary>What to do at a frame: an action (and whether a person chose it), or stop the episode here.</summary>
internal readonly record struct Choice(int Action, bool ByPerson, bool Stop)
{
    public static Choice Agent(int action) => new(action, false, false);

    public static Choice Person(int action) => new(action, true, false);

    public static Choice StopHere => new(-1, false, true);
}
