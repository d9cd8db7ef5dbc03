namespace Lab.Runner.Tracking.Mlflow;

/// <summary>
/// An MLflow request that did not succeed. Callers decide on <see cref="ErrorCode"/> (MLflow's
/// <c>error_code</c>, e.g. RESOURCE_DOES_NOT_EXIST), never on the message text. The message names the
/// endpoint and the server without credentials.
/// </summary>
internal sealed class MlflowException : Exception
{
    public MlflowException(string errorCode, int httpStatus, string message, bool isTransient = false,
        bool maybeApplied = false, string? problem = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Problem = problem ?? message;
        ErrorCode = errorCode;
        HttpStatus = httpStatus;
        IsTransient = isTransient;
        MaybeApplied = maybeApplied;
    }

    /// <summary>MLflow's error_code; UNREACHABLE or TIMEOUT when no answer came; HTTP_nnn when the answer was not MLflow JSON.</summary>
    public string ErrorCode { get; }

    /// <summary>The HTTP status code, or 0 when no answer came (connection refused, timeout) or the client refused to send.</summary>
    public int HttpStatus { get; }

    /// <summary>True when the server was unreachable or kept answering with a retryable status until the retry budget ran out.</summary>
    public bool IsTransient { get; }

    /// <summary>
    /// True when the request reached the server and may have been carried out, in part or whole, although
    /// no success came back: a timeout or dropped connection after sending, 500/502/504, or MLflow's SQL
    /// store's BAD_REQUEST (a database error, after which earlier parts of a log-batch can be committed).
    /// </summary>
    public bool MaybeApplied { get; }

    /// <summary>What went wrong without the endpoint and address: "no answer (Connection refused)", "answered 503 TEMPORARILY_UNAVAILABLE: ...".</summary>
    public string Problem { get; }

    public bool IsNotFound => ErrorCode == MlflowErrorCodes.ResourceDoesNotExist;
}
