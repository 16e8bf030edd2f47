namespace MptcpMatrix.Agent.Tests.Faults;

/// <summary>Which part of a family run made a call, told apart by the thread <see cref="Selftest.FamilyTest"/> runs it on.</summary>
internal enum Side
{
    /// <summary>The calling thread: listener, connect and the setup checks.</summary>
    Setup,

    /// <summary>The "connecting side" thread (client.* checks).</summary>
    Connecting,

    /// <summary>The "accepting side" thread (server.* checks).</summary>
    Accepting,
}
