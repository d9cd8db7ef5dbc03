namespace Lab.Runner.Tracking.Mlflow;

/// <summary>Who logs and from which commit: mlflow.user and mlflow.source.git.commit.</summary>
internal sealed record MlflowRunSource(string? User, string? GitCommit)
{
    public static MlflowRunSource Current(string? gitCommit) =>
        new(Environment.UserName, gitCommit ?? GitRevision.Find(Directory.GetCurrentDirectory()));
}
