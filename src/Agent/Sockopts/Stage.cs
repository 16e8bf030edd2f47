namespace MptcpMatrix.Agent.Sockopts;

/// <summary>Where an application sets an option: on a fresh socket, a listener, a connected client, an accepted socket.</summary>
[Flags]
internal enum Stage
{
    None = 0,
    Fresh = 1,
    Listener = 2,
    Connected = 4,
    Accepted = 8,
}
