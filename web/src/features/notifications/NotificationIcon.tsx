import {
  IconBell,
  IconCircleCheck,
  IconEye,
  IconHandStop,
  IconHeartHandshake,
  IconLink,
  IconMailForward,
  IconMessageQuestion,
  IconMessageCircle,
  IconMessages,
  IconPackage,
  IconPencil,
  IconSend,
  IconX,
} from '@tabler/icons-react';

/** A small decorative icon for each kind of notification. */
export function NotificationIcon({
  type,
  size = 20,
  className,
}: {
  type: string;
  size?: number;
  className?: string;
}) {
  const props = { size, 'aria-hidden': true, className } as const;
  switch (type) {
    case 'offer_received':
      return <IconSend {...props} />;
    case 'offer_accepted':
    case 'engagement_completed':
    case 'engagement_auto_completed':
      return <IconCircleCheck {...props} />;
    case 'offer_declined':
      return <IconX {...props} />;
    case 'delivery_submitted':
      return <IconPackage {...props} />;
    case 'revision_requested':
      return <IconPencil {...props} />;
    case 'engagement_abandoned':
    case 'ask_closed':
      return <IconHandStop {...props} />;
    case 'overflow_asked':
      return <IconMessageCircle {...props} />;
    case 'question_asked':
    case 'question_answered':
      return <IconMessageQuestion {...props} />;
    case 'offer_invited':
      return <IconMailForward {...props} />;
    case 'noticed_received':
    case 'noticed_accepted':
      return <IconEye {...props} />;
    case 'thanks_received':
      return <IconHeartHandshake {...props} />;
    case 'tie_formed':
      return <IconLink {...props} />;
    case 'engagement_message':
      return <IconMessages {...props} />;
    default:
      return <IconBell {...props} />;
  }
}
