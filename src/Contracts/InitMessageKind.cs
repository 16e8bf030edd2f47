namespace MptcpMatrix.Contracts;

/// <summary>What a frame the agent's init writes to the result port holds (<see cref="InitMessages.KindOf"/>).</summary>
public enum InitMessageKind
{
    /// <summary>An <see cref="AgentReport"/> of one plan variant.</summary>
    Report,

    /// <summary>The result of a program the initramfs asked the init to run beside the agent (<c>{"program": name, ...}</c>).</summary>
    Program,

    /// <summary><c>{"done":true}</c>: every variant's report was written; nothing follows.</summary>
    Done,

    /// <summary><c>{"error":"message"}</c>: the init could not work; nothing follows.</summary>
    Error,
}
