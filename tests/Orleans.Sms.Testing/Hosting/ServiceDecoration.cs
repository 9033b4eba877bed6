using Microsoft.Extensions.DependencyInjection;

namespace Orleans.Sms.Testing.Hosting;

/// <summary>Wraps a registered singleton in a decorator, keeping whatever the original registration creates.</summary>
public static class ServiceDecoration
{
    /// <summary>
    /// Replaces the last registration of <typeparamref name="TService"/> (under <paramref name="key"/>, or unkeyed when
    /// null) with one that creates the original and hands it to <paramref name="decorate"/>.
    /// </summary>
    public static IServiceCollection Decorate<TService>(
        this IServiceCollection services, object? key, Func<IServiceProvider, TService, TService> decorate)
        where TService : class
    {
        var index = -1;
        for (var i = services.Count - 1; i >= 0 && index < 0; i--)
        {
            if (services[i].ServiceType == typeof(TService) && Equals(services[i].ServiceKey, key))
            {
                index = i;
            }
        }
        if (index < 0)
        {
            throw new InvalidOperationException($"No {typeof(TService).Name} registered under '{key}' to decorate.");
        }
        var original = services[index];
        services[index] = key is null
            ? ServiceDescriptor.Singleton<TService>(sp => decorate(sp, (TService)Create(original, sp)))
            : ServiceDescriptor.KeyedSingleton<TService>(key, (sp, k) => decorate(sp, (TService)CreateKeyed(original, sp, k)));
        return services;
    }

    private static object Create(ServiceDescriptor original, IServiceProvider services) =>
        original.ImplementationInstance
        ?? original.ImplementationFactory?.Invoke(services)
        ?? ActivatorUtilities.CreateInstance(services, original.ImplementationType!);

    private static object CreateKeyed(ServiceDescriptor original, IServiceProvider services, object? key) =>
        original.KeyedImplementationInstance
        ?? original.KeyedImplementationFactory?.Invoke(services, key)
        ?? ActivatorUtilities.CreateInstance(services, original.KeyedImplementationType!);
}
