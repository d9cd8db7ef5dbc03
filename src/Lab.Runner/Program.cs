namespace Lab.Runner;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("runner: not wired yet");
        return 2;
    }
}
