namespace Lab.Runner.Tracking.Mlflow;

/// <summary>The MLflow error codes (databricks_pb2.ErrorCode names) this client decides on, plus its own.</summary>
internal static class MlflowErrorCodes
{
    public const string ResourceDoesNotExist = "RESOURCE_DOES_NOT_EXIST";
    public const string ResourceAlreadyExists = "RESOURCE_ALREADY_EXISTS";
    public const string InvalidParameterValue = "INVALID_PARAMETER_VALUE";
    public const string BadRequest = "BAD_REQUEST";
    public const string InternalError = "INTERNAL_ERROR";
    public const string TemporarilyUnavailable = "TEMPORARILY_UNAVAILABLE";
    public const string RequestLimitExceeded = "REQUEST_LIMIT_EXCEEDED";
    public const string EndpointNotFound = "ENDPOINT_NOT_FOUND";
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string PermissionDenied = "PERMISSION_DENIED";

    /// <summary>Client side: no answer (connection refused or reset, DNS).</summary>
    public const string Unreachable = "UNREACHABLE";
    /// <summary>Client side: no answer within the request timeout.</summary>
    public const string Timeout = "TIMEOUT";
    /// <summary>Client side: the run's artifact location is not served by MLflow's artifact proxy.</summary>
    public const string ArtifactsNotProxied = "ARTIFACTS_NOT_PROXIED";
}
